// Where revocations live (docs/sessions.md): the denylist of revoked token ids, and each user's
// "tokens issued before" cut-off. In memory (one node, make_memory_revocation_store) or in two
// tables of the shared database (sqlite_revocation_store.hpp, postgres_revocation_store.hpp):
//
//   restjwt_revoked_tokens (jti primary key, expires_at indexed, revoked_at indexed)
//   restjwt_user_cutoffs   (user_id primary key, not_before indexed)
//
// A token id is a token's `jti` or a refresh chain's `orig_jti`: both are random, so one table
// keeps both, and revoking a chain is revoking its id. A row is useless once every token it can
// refuse has expired (expires_at for a token id; for a cut-off, the longest a chain lives), and
// purge_expired() drops it. Thread-safe; times are epoch seconds.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "restjwt/user_store.hpp"

namespace restjwt {

struct RevokedTokenId {
  std::string jti;
  std::int64_t expires_at = 0;  // no token it refuses is valid after this
  std::int64_t revoked_at = 0;
  friend bool operator==(const RevokedTokenId&, const RevokedTokenId&) = default;
};

struct UserCutoff {
  std::string user_id;          // the user's primary key as text: "42", or the dashed UUID
  std::int64_t not_before = 0;  // tokens whose chain started before this are refused
  friend bool operator==(const UserCutoff&, const UserCutoff&) = default;
};

// What changed since a time: what a node's cache (TokenRevocations) polls for.
struct RevocationChanges {
  std::vector<RevokedTokenId> token_ids;  // revoked at or after it, not yet expired
  std::vector<UserCutoff> cutoffs;        // set at or after it (a cut-off is set to "now")
};

class RevocationStore {
 public:
  virtual ~RevocationStore() = default;
  // Adds `jti` to the denylist until `expires_at` (a later expiry of the same id is kept: one
  // revocation never shortens another).
  virtual StoreResult<void> revoke(const std::string& jti, std::int64_t expires_at,
                                   std::int64_t now) = 0;
  virtual StoreResult<bool> is_revoked(const std::string& jti) = 0;
  // Refuses the user's tokens issued before `not_before`; a cut-off never moves back.
  virtual StoreResult<void> set_cutoff(const std::string& user_id, std::int64_t not_before) = 0;
  // The user's cut-off, 0 when none.
  virtual StoreResult<std::int64_t> cutoff(const std::string& user_id) = 0;
  // Token ids revoked at or after `since` that expire after `now`, and cut-offs set at or after
  // `since`. since = 0: everything still in force.
  virtual StoreResult<RevocationChanges> changes_since(std::int64_t since, std::int64_t now) = 0;
  // Drops token ids that expired by `now`, and cut-offs older than `cutoffs_before` (no token
  // issued before then can still be valid). Returns how many rows went.
  virtual StoreResult<std::uint64_t> purge_expired(std::int64_t now,
                                                   std::int64_t cutoffs_before) = 0;
};

std::unique_ptr<RevocationStore> make_memory_revocation_store();

// The restjwt tables, created by the open functions when missing.
inline constexpr const char* kRevokedTokensTable = "restjwt_revoked_tokens";
inline constexpr const char* kUserCutoffsTable = "restjwt_user_cutoffs";

}  // namespace restjwt
