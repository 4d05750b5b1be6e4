// Where the user commands find the users and how they hash passwords: the one place that turns
// --config / --database / DATABASE_URL into options, so the TOML config ([database], [users],
// [passwords]; docs/configuration.md) plugs in here without touching the commands.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "restjwt/config.hpp"
#include "restjwt/expected.hpp"
#include "restjwt/password_hasher.hpp"
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
};

// --config FILE: its [database], [users] and [passwords] (DATABASE_URL still wins for the URL);
// else --database, else DATABASE_URL, else kDefaultDatabaseUrl, with the default schema and
// hashers. A malformed URL or config is a usage error (exit 2).
CommandResult<UserStoreOptions> resolve_user_store_options(const StoreFlags& flags);

// Opens the store the options name. `create_if_missing`: createuser starts a new SQLite file
// with Django's schema. Failures are one line, exit 1.
CommandResult<std::unique_ptr<UserStore>> open_user_store(const UserStoreOptions& options,
                                                          bool create_if_missing);

}  // namespace restjwt::cli
