// Where the user commands find the users and how they hash passwords: the one place that turns
// --config / --database / DATABASE_URL into options, so the TOML config ([database], [users],
// [passwords]; docs/configuration.md) plugs in here without touching the commands.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "restjwt/config.hpp"
#include "restjwt/expected.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/revocation_store.hpp"
#include "restjwt/user_store.hpp"

namespace restjwt::cli {

// A failed command: what to print after "restjwt: " and the exit code (1 failure, 2 usage).
struct CommandFailure {
  int exit_code = 1;
  std::string message;
};

template <typename T>
using CommandResult = Expected<T, CommandFailure>;

// What the command line said; empty strings mean "not given".
struct StoreFlags {
  std::string config_file;
  std::string database_url;
};

struct UserStoreOptions {
  DatabaseConfig database;  // [database]: the URL, and for PostgreSQL sslmode and timeouts
  UserTableSchema schema;
  // [passwords]: the first hashes new passwords; Django 5.2's PBKDF2 work factor by default.
  std::vector<std::string> hashers = {"pbkdf2_sha256", "pbkdf2_sha1", "argon2", "bcrypt_sha256",
                                      "scrypt"};
  PasswordHasherOptions hasher_options;
  // JWT_TOKEN_ID (the config's, else the environment's): when on, changepassword and
  // users deactivate also log the user out everywhere (docs/sessions.md).
  TokenId token_id = TokenId::kOff;
};

// --config FILE: its [database], [users] and [passwords] (DATABASE_URL still wins for the URL);
// else --database, else DATABASE_URL, else kDefaultDatabaseUrl, with the default schema and
// hashers. A malformed URL or config is a usage error (exit 2).
CommandResult<UserStoreOptions> resolve_user_store_options(const StoreFlags& flags);

// Opens the store the options name. `create_if_missing`: createuser starts a new SQLite file
// with Django's schema. Failures are one line, exit 1.
CommandResult<std::unique_ptr<UserStore>> open_user_store(const UserStoreOptions& options,
                                                          bool create_if_missing);

// The revocation tables of the options' database (created when missing). Failures are one line,
// exit 1.
CommandResult<std::unique_ptr<RevocationStore>> open_revocation_store(
    const UserStoreOptions& options);

// Refuses every token of `username` issued before now (the user's cut-off). False when there is
// no such user.
StoreResult<bool> log_out_everywhere(UserStore& users, RevocationStore& revocations,
                                     const std::string& username);

// After a password change or a deactivation: log_out_everywhere when JWT_TOKEN_ID is on, with
// `done` ("password changed") in the message of a failure. nullopt when all went well.
std::optional<CommandFailure> end_sessions_if_revocable(const UserStoreOptions& options,
                                                        UserStore& users,
                                                        const std::string& username,
                                                        const std::string& done);

}  // namespace restjwt::cli
