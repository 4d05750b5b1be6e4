// Revocations in two tables of the SQLite database (docs/sessions.md): every server process that
// opens the same file, and the `restjwt users` commands, see the same denylist and cut-offs.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "restjwt/revocation_store.hpp"

namespace restjwt {

// Opens the database file at `path` (which must exist) and creates restjwt_revoked_tokens and
// restjwt_user_cutoffs if missing. Calls wait up to `busy_timeout` for another process's write.
StoreResult<std::unique_ptr<RevocationStore>> open_sqlite_revocation_store(
    const std::string& path, std::chrono::milliseconds busy_timeout);

}  // namespace restjwt
