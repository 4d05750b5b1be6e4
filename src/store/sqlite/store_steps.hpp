// The steps every SqliteUserStore operation shares: borrow a connection, take the cached
// statement, bind, step, turn the SQLite result into a StoreResult.
#pragma once

#include <algorithm>
#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <sqlite3.h>

#include "store/sqlite/store_state.hpp"

namespace restjwt::detail {

// A primary key as bound: an integer, or the 32 hex digits Django stores for a UUID.
struct Key {
  bool is_integer = true;
  std::int64_t integer = 0;
  std::string hex;
};

// nullopt when `id` cannot name a row of this table (wrong type, malformed UUID): nobody.
std::optional<Key> to_key(const UserId& id, const UserTable& table);
int bind_key(sqlite3_stmt* stmt, int index, const Key& key);

// Takes `which`'s statement on `connection`, binds it with `bind(stmt)` (an SQLite result code)
// and steps it once; `on_step(rc, stmt)` turns the outcome into the result while the statement
// still holds the row and the bindings (StatementScope resets it afterwards).
template <typename Bind, typename OnStep>
auto step_once(SqliteConnection& connection, const SqliteStoreState& state, UserStatement which,
               Bind&& bind, OnStep&& on_step) -> decltype(on_step(0, nullptr)) {
  auto stmt = connection.statement(which, state.sql[static_cast<std::size_t>(which)]);
  if (!stmt) {
    return unexpected(stmt.error());
  }
  const StatementScope scope(*stmt);
  int rc = bind(*stmt);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(*stmt);
  }
  return on_step(rc, *stmt);
}

// Runs `which` on `connection` for at most one row: the user, or nullopt.
template <typename Bind>
StoreResult<std::optional<User>> select_user(SqliteConnection& connection,
                                             const SqliteStoreState& state, UserStatement which,
                                             Bind&& bind) {
  return step_once(connection, state, which, std::forward<Bind>(bind),
                   [&](int rc, sqlite3_stmt* stmt) -> StoreResult<std::optional<User>> {
                     if (rc == SQLITE_DONE) {
                       return std::optional<User>{};
                     }
                     if (rc != SQLITE_ROW) {
                       return unexpected(sqlite_error(connection.handle(), rc, "cannot find user"));
                     }
                     return std::optional<User>(read_user(stmt, state.table));
                   });
}

// The user `which` finds with `bind`: the row a borrowed connection remembers under `cache_key`
// while the database has not changed since it was read (user_row_cache.hpp), else a fresh read.
template <typename Bind>
StoreResult<std::optional<User>> find_user(SqliteStoreState& state, UserStatement which,
                                           std::string_view cache_key, Bind&& bind) {
  auto lease = state.pool.acquire();
  if (!lease) {
    return unexpected(lease.error());
  }
  SqliteConnection& connection = **lease;
  // Read before the row: a commit after this reading makes the remembered row unusable.
  const std::optional<WalStamp> stamp = connection.wal_stamp();
  if (stamp) {
    if (const auto* row = connection.user_rows().find(*stamp, cache_key)) {
      state.cached_lookups.fetch_add(1, std::memory_order_relaxed);
      return *row;
    }
  }
  const auto millis = [](std::chrono::milliseconds d) {
    return static_cast<int>(std::min<std::int64_t>(d.count(), INT_MAX));
  };
  sqlite3_busy_timeout(connection.handle(), millis(state.options.read_busy_timeout));
  auto row = select_user(connection, state, which, std::forward<Bind>(bind));
  sqlite3_busy_timeout(connection.handle(), millis(state.options.busy_timeout));
  if (row) {
    if (stamp) {
      connection.user_rows().remember(*stamp, cache_key, *row);
    } else {
      connection.map_wal_index();  // the connection has now read the database in WAL mode
    }
  }
  return row;
}

// Runs the write `which`; true when it changed a row.
template <typename Bind>
StoreResult<bool> execute(SqliteStoreState& state, UserStatement which, std::string_view what,
                          Bind&& bind) {
  auto lease = state.pool.acquire();
  if (!lease) {
    return unexpected(lease.error());
  }
  sqlite3* db = (*lease)->handle();
  return step_once(**lease, state, which, std::forward<Bind>(bind),
                   [&](int rc, sqlite3_stmt*) -> StoreResult<bool> {
                     if (rc != SQLITE_DONE) {
                       return unexpected(sqlite_error(db, rc, what));
                     }
                     return sqlite3_changes(db) > 0;
                   });
}

}  // namespace restjwt::detail
