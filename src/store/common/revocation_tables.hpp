// The revocation tables' shape, shared by the SQLite and PostgreSQL revocation stores (each keeps
// its own dialect of the DDL and the UPSERTs).
#pragma once

#include <cstddef>

namespace restjwt::detail {

// Tables of those names made by someone else fail here, at start-up, not at the first logout.
inline constexpr const char* kCheckRevokedTokensTable =
    "SELECT jti, expires_at, revoked_at FROM restjwt_revoked_tokens LIMIT 0";
inline constexpr const char* kCheckUserCutoffsTable =
    "SELECT user_id, not_before FROM restjwt_user_cutoffs LIMIT 0";

// The statements each store prepares, in the order of its SQL table.
enum RevocationStatement : std::size_t {
  kRevoke,
  kIsRevoked,
  kSetCutoff,
  kCutoff,
  kTokenIdChanges,
  kCutoffChanges,
  kPurgeTokenIds,
  kPurgeCutoffs,
  kRevocationStatementCount
};

}  // namespace restjwt::detail
