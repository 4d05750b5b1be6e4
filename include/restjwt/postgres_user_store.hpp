// PostgresUserStore: the user store for several nodes, over the PostgreSQL database of a Django
// project, with UserStore's semantics (user_store.hpp), so that it and SqliteUserStore are
// interchangeable. In the database, as Django's PostgreSQL backend keeps them: booleans are
// booleans, datetimes timestamptz (USE_TZ = True), UUIDs the uuid type; create() generates uuid4
// keys and secrets with gen_random_uuid(), and remove() deletes the cascaded rows in the same
// statement as the user.
//
// Opening connects once (kUnavailable when the server cannot be reached within
// connect_timeout) and checks the table and every configured column (kInvalid naming them).
// Nothing is written to a database lacking the table unless create_if_missing is set.
//
// Time bounds: a connection attempt takes at most connect_timeout; every statement runs under the
// server-side `statement_timeout` and a client-side deadline a little longer (a dead network
// cannot hang a call); waiting for a free pooled connection takes at most acquire_timeout. Any of
// these exceeded, or the server unreachable, is kUnavailable (HTTP 503). A connection that broke
// is discarded and a new one opened by a later call, so the store recovers by itself when the
// server comes back. A unique violation is kConflict.
//
// Connections: at most pool_size exist, each used by one call at a time, with its statements
// prepared once.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "restjwt/user_store.hpp"

namespace restjwt {

namespace detail::pg {
struct StoreState;  // the pool, the inspected table and the SQL; src/store/postgres/
}  // namespace detail::pg

struct PostgresStoreOptions {
  // A libpq connection URI (postgresql://user:pass@host:port/db?sslmode=require) or key=value
  // string, as DatabaseUrl::location keeps it. It is never echoed in error messages.
  std::string url;
  UserTableSchema schema;
  // When the database has no user table: create Django 3.2's `auth` and `contenttypes` tables
  // (as `migrate` leaves them) and record their migrations, so that Django adopts the database.
  // Only for the default `auth_user` table; a custom user table is Django's to create.
  bool create_if_missing = false;
  std::size_t pool_size = 4;  // connections at most; at least 1
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds statement_timeout{5000};
  // How long a call waits for a pooled connection when all are busy; 0 means statement_timeout.
  std::chrono::milliseconds acquire_timeout{0};
  // The time written to date_joined, last_login and django_migrations; tests inject it.
  std::function<std::chrono::system_clock::time_point()> now = [] {
    return std::chrono::system_clock::now();
  };
};

class PostgresUserStore final : public UserStore {
 public:
  static StoreResult<std::unique_ptr<PostgresUserStore>> open(PostgresStoreOptions options);

  PostgresUserStore(const PostgresUserStore&) = delete;
  PostgresUserStore& operator=(const PostgresUserStore&) = delete;
  ~PostgresUserStore() override;

  StoreResult<std::optional<User>> find_by_username(std::string_view username) override;
  StoreResult<std::optional<User>> find_by_id(const UserId& id) override;
  StoreResult<User> create(const NewUser& user) override;
  StoreResult<bool> set_password(std::string_view username, std::string_view encoded) override;
  StoreResult<bool> replace_password(const UserId& id, std::string_view expected_encoded,
                                     std::string_view new_encoded) override;
  StoreResult<bool> set_active(std::string_view username, bool active) override;
  StoreResult<bool> set_jwt_secret(std::string_view username, std::string_view secret) override;
  StoreResult<bool> update_last_login(const UserId& id) override;
  StoreResult<std::vector<User>> list() override;
  StoreResult<bool> remove(std::string_view username) override;

  [[nodiscard]] const UserTableSchema& schema() const override;

 private:
  explicit PostgresUserStore(std::unique_ptr<detail::pg::StoreState> state);
  std::unique_ptr<detail::pg::StoreState> state_;
};

}  // namespace restjwt
