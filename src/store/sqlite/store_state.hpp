// What an open SqliteUserStore holds; shared by its opening and its operations.
#pragma once

#include <atomic>
#include <cstdint>

#include "restjwt/sqlite_user_store.hpp"
#include "store/sqlite/connection_pool.hpp"
#include "store/sqlite/user_sql.hpp"
#include "store/sqlite/user_table.hpp"

namespace restjwt::detail {

struct SqliteStoreState {
  SqliteStoreOptions options;
  UserTable table;
  UserStatementTexts sql;
  ConnectionPool pool;
  // Lookups answered from a connection's UserRowCache (SqliteUserStore::cached_lookups).
  std::atomic<std::uint64_t> cached_lookups{0};
};

}  // namespace restjwt::detail
