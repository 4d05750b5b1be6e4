// The key ring in a table of the SQLite database (`[keys] storage = "database"`): every server
// process that opens the same file shares the ring. Each write is one statement or one
// BEGIN IMMEDIATE transaction, atomic across processes.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "restjwt/key_ring.hpp"
#include "restjwt/user_store.hpp"

namespace restjwt {

// The table the key ring lives in, created by the open functions when missing (only when the key
// ring is asked for).
inline constexpr const char* kKeyTable = "restjwt_keys";

// Opens the database file at `path` (which must exist) and creates restjwt_keys if missing. Calls
// wait up to `busy_timeout` for another process's write.
StoreResult<std::unique_ptr<KeyStore>> open_sqlite_key_store(
    const std::string& path, std::chrono::milliseconds busy_timeout);

}  // namespace restjwt
