// Service: what `restjwt serve` runs. From a loaded Config it opens the user store (creating a
// new SQLite file with Django's schema when there is none), builds the password hashers and the
// Application, logs through an asynchronous logger, and starts the Server in front of them.
// Integration tests use it to run the real thing on port 0.
//
// reload() (SIGHUP) applies what can change while serving — keys and secrets, the [jwt_auth]
// settings, throttle rates, CSRF origins, routes, the log level — to new requests, without
// dropping a connection; requests in flight finish as they began. What needs a restart (the
// address, threads, the database, the user table) is kept, with a warning that says so.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "restjwt/clock.hpp"
#include "restjwt/config.hpp"
#include "restjwt/expected.hpp"
#include "restjwt/key_ring.hpp"
#include "restjwt/postgres_user_store.hpp"
#include "restjwt/server.hpp"

namespace restjwt {

// The PostgreSQL store options of a [database] table (its sslmode added to the URL's parameters)
// and a [users] schema; the user commands use it too, so they connect exactly as serve does.
PostgresStoreOptions postgres_store_options(const DatabaseConfig& database,
                                            const UserTableSchema& schema);

// Why the service could not start, so that systemd and operators can tell a configuration to fix
// from a database to wait for.
struct StartError {
  enum class Kind : std::uint8_t {
    kConfig,    // exit 78 (EX_CONFIG): keys, hashers, a user table that does not fit; do not retry
    kDatabase,  // exit 69 (EX_UNAVAILABLE): the database cannot be reached or opened; retry later
    kListen,    // exit 71 (EX_OSERR): the address cannot be listened on
  };
  Kind kind = Kind::kConfig;
  std::string message;  // one line, secrets redacted

  int exit_code() const noexcept;
};

// The exit status of a configuration that cannot be loaded (EX_CONFIG).
inline constexpr int kExitConfig = 78;

class Service {
 public:
  // `clock` is for tests.
  static Expected<std::unique_ptr<Service>, StartError> start(const Config& config,
                                                              Clock clock = system_clock());
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;
  ~Service();  // stops the server before the Application and store it uses go away

  Server& server();
  // Where /metrics is served on its own ([server] metrics_bind), or nullopt.
  std::optional<BindAddress> metrics_address() const;
  // True when start() created the database file (make run logs it).
  bool created_database() const;
  // A line in the service's log.
  void log(LogLevel level, std::string_view message);
  // Applies what can change at run time from `config` (see above). An error leaves everything as
  // it was: the caller logs it and goes on serving.
  Expected<void, std::string> reload(const Config& config);

  struct Impl;

 private:
  explicit Service(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Tells systemd (Type=notify) how the service is doing: "READY=1", "RELOADING=1", "STOPPING=1",
// "STATUS=…". False, and nothing happens, when not run by systemd (no NOTIFY_SOCKET).
bool notify_service_manager(std::string_view state);

// Where [keys] keeps the key ring (the restjwt_keys table of [database], created when missing, or
// the directory), opened as serve opens it; kConfig when [keys] storage is not set. `restjwt keys`
// uses it too.
Expected<std::unique_ptr<KeyStore>, StartError> open_key_store(const Config& config);

// The key ring's options from [keys] and [jwt_auth]: the algorithm of new keys (JWT_ALGORITHM),
// how long a retired key still verifies (docs/keys.md), the rotation schedule, the KEK.
KeyRingOptions key_ring_options(const Config& config);

// What `restjwt check-config` reports of the database `config` names, opened as serve would open
// it (without creating anything): one line, e.g. "database sqlite:///var/restjwt.sqlite3: user
// table auth_user (username field "username", integer ids) found". Errors say what is wrong.
Expected<std::string, StartError> check_database(const Config& config);

}  // namespace restjwt
