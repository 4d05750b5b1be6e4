// SqliteUserStore: the embedded user store, over the SQLite file of a Django project, with
// UserStore's semantics (user_store.hpp). In the file, as Django's SQLite backend keeps them:
// booleans are 0/1, datetimes UTC text "YYYY-MM-DD HH:MM:SS.ffffff" (USE_TZ = True), UUID
// primary keys and UUIDField secrets char(32) hex. remove() runs in one transaction.
//
// Opening checks, each failing with a one-line kInvalid message naming the file, table or column:
// the directory exists; the file exists (or is created, see create_if_missing); it is writable
// and an SQLite database; the table and every configured column exist, with a primary key of the
// configured type. Nothing is written to a file before the table is found in it. Then the file is
// switched to WAL mode (persistent; Django works with it unchanged).
//
// Connections: each call borrows one of a small pool (one per concurrent caller, statements
// prepared once per connection); SQLITE_BUSY is retried for `busy_timeout`, then reported as
// kUnavailable. Every write is one statement or one transaction.
//
// Freshness: find_by_username and find_by_id may answer from rows the connection read before,
// but only while no transaction has committed since, in any connection or process: each lookup
// first compares the header of SQLite's shared WAL index, which every commit rewrites. A
// deactivated user, a new password or secret is seen by the next lookup after its commit, as
// with a read of the database; the saving is SQLite's per-read file locks.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "restjwt/user_store.hpp"

namespace restjwt {

namespace detail {
struct SqliteStoreState;  // the pool, the inspected table and the SQL; src/store/sqlite/
}  // namespace detail

struct SqliteStoreOptions {
  // The database file (DatabaseUrl::location of a sqlite:// URL).
  std::string path;
  UserTableSchema schema;
  // When the file does not exist: create it with Django 3.2's schema for the `auth` and
  // `contenttypes` apps (auth_user and the tables it references) and record their migrations in
  // django_migrations, so that Django's `migrate` adopts the file later. Only for the default
  // `auth_user` table; a custom user table is Django's to create. Never applies to an existing
  // file, even an empty one.
  bool create_if_missing = false;
  // How long a write waits for a lock held by another connection or process.
  std::chrono::milliseconds busy_timeout{5000};
  // How long a read waits. In WAL mode a reader waits only for another process's exclusive lock
  // (locking_mode=EXCLUSIVE, a recovery), and a server checks tokens on its I/O threads: a read
  // that cannot go on gives up soon (503) rather than stall every connection of that thread.
  std::chrono::milliseconds read_busy_timeout{250};
  // The time written to date_joined, last_login and django_migrations; tests inject it.
  std::function<std::chrono::system_clock::time_point()> now = [] {
    return std::chrono::system_clock::now();
  };
};

class SqliteUserStore final : public UserStore {
 public:
  // Opens (or creates) the database and validates the user table; see the checks above.
  static StoreResult<std::unique_ptr<SqliteUserStore>> open(SqliteStoreOptions options);

  SqliteUserStore(const SqliteUserStore&) = delete;
  SqliteUserStore& operator=(const SqliteUserStore&) = delete;
  ~SqliteUserStore() override;

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
  // WAL readers never wait for a writer: token checks may read users on the I/O threads.
  [[nodiscard]] bool reads_are_local() const override { return true; }
  [[nodiscard]] const std::string& path() const;
  // Lookups answered from a connection's remembered rows since open (for tests and metrics).
  [[nodiscard]] std::uint64_t cached_lookups() const;

 private:
  explicit SqliteUserStore(std::unique_ptr<detail::SqliteStoreState> state);
  std::unique_ptr<detail::SqliteStoreState> state_;
};

}  // namespace restjwt
