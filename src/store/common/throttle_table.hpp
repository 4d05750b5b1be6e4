// The restjwt_throttle table's shape, shared by the SQLite and PostgreSQL throttle counters (each
// keeps its own dialect of the DDL and the UPSERTs).
#pragma once

#include <cstddef>

namespace restjwt::detail {

// A table of that name made by someone else fails here, at start-up, not at the first login.
inline constexpr const char* kCheckThrottleTable =
    "SELECT key, window_start, hits, failures, last_failure, blocked_until"
    " FROM restjwt_throttle LIMIT 0";

// The statements each store prepares, in the order of its SQL table.
enum ThrottleStatement : std::size_t {
  kHit,
  kBlockedUntil,
  kAddFailure,
  kSetBlocked,
  kReset,
  kSweep,
  kThrottleStatementCount
};

}  // namespace restjwt::detail
