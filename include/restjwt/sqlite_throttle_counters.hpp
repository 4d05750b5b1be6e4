// Login-throttle counters in a table of the SQLite database (`[throttle] storage = "database"`):
// every server process that opens the same file counts in the same place, and the counts outlive
// a restart. Each update is one UPSERT … RETURNING statement (SQLite ≥ 3.35), atomic across
// processes.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "restjwt/throttle.hpp"
#include "restjwt/user_store.hpp"

namespace restjwt {

// The table restjwt keeps its counters in, created by the open functions when missing (restjwt adds
// a table to a database it did not create only when asked to: this one, or the key ring's).
inline constexpr const char* kThrottleTable = "restjwt_throttle";

// Opens the database file at `path` (which must exist) and creates restjwt_throttle if missing.
// Calls wait up to `busy_timeout` for another process's write.
StoreResult<std::unique_ptr<ThrottleCounters>> open_sqlite_throttle_counters(
    const std::string& path, std::chrono::milliseconds busy_timeout);

}  // namespace restjwt
