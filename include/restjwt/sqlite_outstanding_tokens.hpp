// simplejwt's token_blacklist tables in the SQLite database (outstanding_tokens.hpp).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "restjwt/outstanding_tokens.hpp"

namespace restjwt {

// Opens the database file at `path` (which must exist) and creates, when missing, the two tables
// exactly as simplejwt 5.2's migrations make them (recording those migrations in
// django_migrations when Django's table is there, so that Django's migrate adopts them) and
// restjwt_refresh_family. `user_table` is the table user_id refers to. Writes wait up to
// `busy_timeout` for another process.
StoreResult<std::unique_ptr<OutstandingTokenStore>> open_sqlite_outstanding_tokens(
    const std::string& path, std::chrono::milliseconds busy_timeout,
    const std::string& user_table = "auth_user");

}  // namespace restjwt
