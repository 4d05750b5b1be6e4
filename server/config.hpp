// The server's configuration: one TOML file (SPEC §14) plus the environment.
//
//   [server]     bind, threads, limits and timeouts (server_options.hpp; docs/configuration.md)
//   [database]   url (env DATABASE_URL wins), pool_size, connect_timeout, statement_timeout,
//                sslmode
//   [passwords]  hashers (Django's PASSWORD_HASHERS, first one hashes), pbkdf2_iterations
//   [users]      the user table (UserTableSchema) and allow_inactive_login
//   [routes]     obtain, verify, refresh, user
//   [jwt_auth]   drf-jwt's settings by their names; env NAME and NAME_FILE override them
//
// Unknown tables and keys are errors with a "did you mean" hint; a bad value is an error naming
// the key, the value and what was expected. Checks that need more than one key (JWT_VERIFY=false
// refused, §15.6; the keys of make_keys(); distinct routes; hasher names) are made here too, so
// `restjwt check-config` catches everything `restjwt serve` would refuse before it touches the
// database or the network.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "restjwt/database_url.hpp"
#include "restjwt/expected.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/settings.hpp"
#include "restjwt/throttle.hpp"
#include "restjwt/user_store.hpp"
#include "restjwt/views.hpp"
#include "server_options.hpp"

namespace restjwt {

struct DatabaseConfig {
  std::string url{kDefaultDatabaseUrl};
  DatabaseUrl parsed{DatabaseUrl::Scheme::kSqlite, "var/restjwt.sqlite3"};
  unsigned pool_size = 4;                            // connections and database worker threads
  std::chrono::milliseconds connect_timeout{5'000};  // PostgreSQL
  // How long one statement may wait (SQLite: for a lock; PostgreSQL: statement_timeout).
  std::chrono::milliseconds statement_timeout{5'000};
  // PostgreSQL's sslmode (disable, allow, prefer, require, verify-ca, verify-full); "" leaves
  // the URL's own (libpq's default: prefer).
  std::string sslmode;
};

struct PasswordConfig {
  // Django 5.2's PASSWORD_HASHERS, in its order.
  std::vector<std::string> hashers{"pbkdf2_sha256", "pbkdf2_sha1", "argon2", "bcrypt_sha256",
                                   "scrypt"};
  // The hashers' work factors (Django's hasher class attributes; Django 5.2's by default).
  PasswordHasherOptions options;
};

struct UsersConfig {
  UserTableSchema schema;  // secret_column comes from JWT_GET_USER_SECRET_KEY = "column:<name>"
  bool allow_inactive_login = false;
};

// [throttle]: login throttling (issue 7). The counters live in this process's memory, or with
// storage = "database" in the restjwt_throttle table of [database], shared by every node.
struct ThrottleConfig : ThrottleSettings {
  enum class Storage { kMemory, kDatabase };
  Storage storage = Storage::kMemory;
};

struct CsrfConfig {                          // [csrf]
  std::vector<std::string> trusted_origins;  // e.g. ["https://app.example.com"]
};

struct Config {
  std::string source;  // the file read, or "" when there was none
  ServerOptions server;
  DatabaseConfig database;
  PasswordConfig passwords;
  UsersConfig users;
  Routes routes;
  ThrottleConfig throttle;
  CsrfConfig csrf;
  Settings jwt;
};

// What the config is loaded for: `serve` needs usable JWT keys; the user commands
// (createuser, users …) only need the database, the user table and the hashers, so a config
// whose secret is given to the server alone still works for them.
enum class ConfigPurpose : std::uint8_t { kServe, kUserAdmin };

// Reads `path` (empty: no file, defaults and environment only). The error is one line, for
// "restjwt: <error>".
Expected<Config, std::string> load_config(const std::string& path, const Environment& env,
                                          ConfigPurpose purpose = ConfigPurpose::kServe);
// The same from TOML text; `source` names it in syntax errors.
Expected<Config, std::string> load_config_text(std::string_view toml_text, const Environment& env,
                                               const std::string& source = "",
                                               ConfigPurpose purpose = ConfigPurpose::kServe);

// The effective configuration as TOML, secrets redacted (JWT_SECRET_KEY, JWT_PRIVATE_KEY, the
// password of a database URL): what `restjwt check-config` prints.
std::string describe_config(const Config& config);

// A database URL with its password replaced by "<redacted>", for logs and describe_config().
std::string redact_database_url(std::string_view url);

}  // namespace restjwt
