// The server's configuration: one TOML file plus the environment (docs/configuration.md).
//
//   [server]     bind, threads, limits and timeouts (server_options.hpp)
//   [database]   url, pool_size, connect_timeout, statement_timeout, sslmode
//   [passwords]  hashers (Django's PASSWORD_HASHERS, first one hashes) and their work factors
//   [users]      the user table (UserTableSchema) and allow_inactive_login
//   [routes]     obtain, verify, refresh, user
//   [throttle]   login throttling;  [csrf] trusted origins;  [cors] cross-origin pages (cors.hpp)
//   [keys]       the key ring: where it lives, its rotation, its KEK (docs/keys.md)
//   [remote_jwks] another issuer's key set, whose tokens authenticate requests (docs/keys.md)
//   [simplejwt]  simplejwt's refresh-token pairs (docs/sessions.md)
//   [jwt_auth]   drf-jwt's settings by their names
//
// The environment overrides the file: RESTJWT_<TABLE>__<KEY> sets any key (RESTJWT_SERVER__BIND,
// RESTJWT_THROTTLE__TRUSTED_PROXIES="10.0.0.1,10.0.0.2"); [jwt_auth]'s keys go by their own names
// (JWT_LEEWAY), and a secret's <NAME>_FILE reads it from a file; DATABASE_URL sets the database.
// An unknown RESTJWT_* or JWT_* variable is a warning (Config::warnings).
//
// Unknown tables and keys are errors with a "did you mean" hint; a bad value is an error naming
// the key, the value and what was expected. Checks that need more than one key (the keys of
// make_keys(), JWT_VERIFY = false among them; distinct routes; hasher names) are made here too, so
// `restjwt check-config` catches everything `restjwt serve` would refuse before it touches the
// database or the network.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "restjwt/database_url.hpp"
#include "restjwt/expected.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/server_events.hpp"
#include "restjwt/server_options.hpp"
#include "restjwt/settings.hpp"
#include "restjwt/throttle.hpp"
#include "restjwt/user_store.hpp"
#include "restjwt/views.hpp"

namespace restjwt {

// The environment the configuration reads: injected, so that tests never touch the process's.
class Environment {
 public:
  using Lookup = std::function<std::optional<std::string>(std::string_view name)>;

  // Any lookup function; its variables cannot be listed (no unknown-variable warnings).
  template <typename F>
  requires std::is_invocable_r_v < std::optional<std::string>,
  const F&,
      std::string_view >
          Environment(F lookup)  // NOLINT(google-explicit-constructor): a lookup is an environment
      : lookup_(std::move(lookup)) {}
  // Exactly these variables.
  static Environment of(std::map<std::string, std::string> variables);

  std::optional<std::string> operator()(std::string_view name) const { return lookup_(name); }
  // The names of all variables, when they can be listed: load_config warns about the unknown
  // RESTJWT_* and JWT_* ones (a typo would otherwise be silently ignored).
  const std::vector<std::string>& names() const { return names_; }

 private:
  Environment(Lookup lookup, std::vector<std::string> names)
      : lookup_(std::move(lookup)), names_(std::move(names)) {}
  friend Environment process_environment();

  Lookup lookup_;
  std::vector<std::string> names_;
};

// The process's environment, read when called.
Environment process_environment();

// Parses a duration as drf-jwt settings are written in restjwt's config: whole seconds
// (300, "300") or a number with a unit ("90s", "5m", "1h", "7d"). Negative values are refused.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

// Loads Settings from the [jwt_auth] table of a TOML document (absent table: defaults), then
// applies environment overrides: `NAME` sets a setting, `NAME_FILE` reads a secret from a file
// (one trailing newline stripped). Errors name the key, the value and what was expected; an
// unknown key is an error with a "did you mean" hint.
Expected<Settings, std::string> load_settings(std::string_view toml_text, const Environment& env);

struct DatabaseConfig {
  std::string url{kDefaultDatabaseUrl};
  DatabaseUrl parsed{DatabaseUrl::Scheme::kSqlite, "var/restjwt.sqlite3"};
  unsigned pool_size = 4;                            // connections and database worker threads
  std::chrono::milliseconds connect_timeout{5'000};  // PostgreSQL
  // How long one statement may wait (SQLite: for a lock; PostgreSQL: statement_timeout).
  std::chrono::milliseconds statement_timeout{5'000};
  // SQLite: how long a read waits for another process's exclusive lock (reads run on the I/O
  // threads: they must not wait long).
  std::chrono::milliseconds read_timeout{250};
  // PostgreSQL's sslmode (disable, allow, prefer, require, verify-ca, verify-full); "" leaves
  // the URL's own (libpq's default: prefer).
  std::string sslmode;
};

struct PasswordConfig {
  // The Django whose defaults the hashers and work factors take when not set here: "3.2", "4.2"
  // or "5.2" (django_password_defaults(); for a database shared with that Django).
  std::string django_version = "5.2";
  // Django 5.2's PASSWORD_HASHERS, in its order.
  std::vector<std::string> hashers{"pbkdf2_sha256", "pbkdf2_sha1", "argon2", "bcrypt_sha256",
                                   "scrypt"};
  // The hashers' work factors (Django's hasher class attributes; Django 5.2's by default).
  PasswordHasherOptions options;
  // The [passwords] keys the file or the environment set: they win over django_version.
  std::vector<std::string> set_keys;
};

struct UsersConfig {
  UserTableSchema schema;  // secret_column comes from JWT_GET_USER_SECRET_KEY = "column:<name>"
  bool allow_inactive_login = false;
  bool update_last_login = false;  // simplejwt's UPDATE_LAST_LOGIN (ApplicationOptions)
};

// [throttle]: login throttling. The counters live in this process's memory, or with
// storage = "database" in the restjwt_throttle table of [database], shared by every node.
struct ThrottleConfig : ThrottleSettings {
  enum class Storage { kMemory, kDatabase };
  Storage storage = Storage::kMemory;
  // With storage = "database": how long one counter update may wait (for a lock, a busy
  // database) before the login goes through uncounted. Short: throttling must never hold logins.
  std::chrono::milliseconds timeout{250};
};

// [revocation]: how the revocations of JWT_TOKEN_ID reach this node (docs/sessions.md). Used only
// when JWT_TOKEN_ID is not "off"; they live in the restjwt_revoked_tokens and
// restjwt_user_cutoffs tables of [database].
struct RevocationConfig {
  // Another node's logout (or `restjwt users logout-everywhere`) is seen within this.
  std::chrono::seconds poll_interval{5};
  // Rows that no longer refuse any token are deleted this often; 0: never.
  std::chrono::seconds purge_interval{std::chrono::minutes(10)};
};

struct CsrfConfig {                          // [csrf]
  std::vector<std::string> trusted_origins;  // e.g. ["https://app.example.com"]
};

// [keys]: the key ring (key_ring.hpp). Off by default: JWT_SECRET_KEY or JWT_PRIVATE_KEY sign, as
// in drf-jwt, and tokens carry no kid.
struct KeysConfig {
  enum class Storage : std::uint8_t {
    kConfig,     // no ring: the [jwt_auth] keys
    kDatabase,   // the restjwt_keys table of [database], shared by every node
    kDirectory,  // key files and a manifest in `directory`
  };
  Storage storage = Storage::kConfig;
  std::string directory;
  std::chrono::seconds rotate_every{0};  // 0: rotated by `restjwt keys` only
  std::chrono::seconds publish_ahead{std::chrono::hours(24)};
  // How often each node reads the ring again (another node's rotation, `restjwt keys`).
  std::chrono::milliseconds poll_interval{5'000};
  std::chrono::seconds jwks_max_age{300};  // Cache-Control of /.well-known/jwks.json
  std::string kek;  // key-encryption key (RESTJWT_KEYS__KEK); "" stores keys unsealed

  [[nodiscard]] bool enabled() const { return storage != Storage::kConfig; }
};

// [remote_jwks]: another issuer's published keys (remote_jwks.hpp). Off while `url` is "".
struct RemoteJwksConfig {
  std::string url;
  std::string issuer;                             // required with a url
  std::optional<std::string> audience;            // `aud` the tokens must hold
  std::vector<std::string> algorithms{"RS256"};   // accepted; HS* never
  std::string username_claim = "username";        // the claim that names the local user
  std::chrono::seconds cache_lifetime{600};       // a fetched key set is fresh this long
  std::chrono::seconds refresh_before{60};        // fetched again this long before it expires
  std::chrono::seconds refetch_min_interval{30};  // an unknown kid fetches at most this often
  std::chrono::milliseconds timeout{5'000};       // one fetch, connection to last byte
  std::uint64_t max_bytes = 262'144;              // a larger answer is refused (256 KiB)
  bool allow_http = false;                        // http:// URLs (tests); https only otherwise
  std::string ca_file;                            // "" the system's CA certificates

  [[nodiscard]] bool enabled() const { return !url.empty(); }
};

enum class LogFormat : std::uint8_t { kText, kJson };

struct LogConfig {         // [server] access_log, log_level, log_format
  bool access_log = true;  // one line per request (never tokens, passwords or cookies)
  LogLevel level = LogLevel::kInfo;
  LogFormat format = LogFormat::kText;
};

// The operator's routes (docs/operations.md); a path of "" turns that route off.
struct ProbesConfig {  // [server] health_path, ready_path, metrics_path, metrics_bind,
                       // ready_timeout
  std::string health_path = "/healthz";
  std::string ready_path = "/readyz";
  std::string metrics_path = "/metrics";
  // When set, /metrics is served on this address alone (e.g. a private interface), not on bind.
  std::optional<BindAddress> metrics_bind;
  // How long the database may take to answer the readiness check's read.
  std::chrono::milliseconds ready_timeout{1'000};
};

// [simplejwt]: djangorestframework-simplejwt's refresh-token pairs (simplejwt.hpp), off by
// default; the service opens its token_blacklist tables in the user database.
struct SimpleJwtConfig {
  bool enabled = false;
  SimpleJwtOptions options;
};

struct Config {
  std::string source;  // the file read, or "" when there was none
  ServerOptions server;
  LogConfig log;
  ProbesConfig probes;
  DatabaseConfig database;
  PasswordConfig passwords;
  UsersConfig users;
  Routes routes;
  ThrottleConfig throttle;
  RevocationConfig revocation;
  CsrfConfig csrf;
  CorsOptions cors;  // [cors]
  KeysConfig keys;
  RemoteJwksConfig remote_jwks;
  SimpleJwtConfig simplejwt;
  Settings jwt;
  // What was read but not used, for the operator to see (serve logs them, check-config prints
  // them): an unknown RESTJWT_* or JWT_* environment variable.
  std::vector<std::string> warnings;
};

// What the config is loaded for: `serve` needs usable JWT keys; the user commands
// (createuser, users …) only need the database, the user table and the hashers, so a config
// whose secret is given to the server alone still works for them; `restjwt keys` needs the
// database and [keys].
enum class ConfigPurpose : std::uint8_t { kServe, kUserAdmin, kKeyAdmin };

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

// The bytes of a small file (a config, a key, a secret); else the system's reason ("No such file
// or directory", "Is a directory", "Permission denied") for a message that names the file.
Expected<std::string, std::string> read_file_text(const std::string& path);

}  // namespace restjwt
