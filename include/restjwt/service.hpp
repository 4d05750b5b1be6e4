// Service: what `restjwt serve` runs. From a loaded Config it opens the user store (creating a
// new SQLite file with Django's schema when there is none), builds the password hashers and the
// Application, and starts the Server in front of them. Integration tests use it to run the real
// thing on port 0.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "restjwt/config.hpp"
#include "restjwt/clock.hpp"
#include "restjwt/expected.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/postgres_user_store.hpp"
#include "restjwt/throttle.hpp"
#include "restjwt/user_store.hpp"
#include "restjwt/views.hpp"
#include "restjwt/server.hpp"

namespace restjwt {

// The PostgreSQL store options of a [database] table (its sslmode added to the URL's parameters)
// and a [users] schema; the user commands use it too, so they connect exactly as serve does.
PostgresStoreOptions postgres_store_options(const DatabaseConfig& database,
                                            const UserTableSchema& schema);

class Service {
 public:
  // Errors are one start-up line: the database cannot be opened or created, a key is unusable,
  // the address is taken. `clock` is for tests.
  static Expected<std::unique_ptr<Service>, std::string> start(const Config& config,
                                                               Clock clock = system_clock());
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;
  ~Service();  // stops the server before the Application and store it uses go away

  Server& server() { return *server_; }
  // True when start() created the database file (make run logs it).
  bool created_database() const { return created_database_; }

 private:
  Service() = default;

  std::optional<PasswordHashers> hashers_;
  std::unique_ptr<UserStore> store_;
  std::unique_ptr<ThrottleCounters> throttle_counters_;  // outlives app_, whose throttle uses it
  std::unique_ptr<Application> app_;
  std::unique_ptr<Server> server_;
  bool created_database_ = false;
};

}  // namespace restjwt
