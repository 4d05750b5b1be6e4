// What an open PostgresUserStore holds, and the step every operation shares: borrow a
// connection, run one prepared statement, retry once when a reused connection turns out dead.
#pragma once

#include <optional>
#include <string>

#include "restjwt/postgres_user_store.hpp"
#include "store/postgres/pg_pool.hpp"
#include "store/postgres/pg_user_sql.hpp"
#include "store/postgres/pg_user_table.hpp"

namespace restjwt::detail::pg {

struct StoreState {
  PostgresStoreOptions options;
  UserTable table;
  UserSql sql;
  Pool pool;
};

// Runs `which` with `params`. An idempotent statement that failed because the idle connection it
// borrowed had died (PostgreSQL restarted since) is retried once on a fresh connection, so the
// first request after a restart does not fail for nothing.
StoreResult<Result> run_statement(StoreState& state, UserStatement which, const Params& params,
                                  std::string_view what, bool idempotent = true);

// The rows of a result as users.
std::vector<User> read_users(const Result& result, const UserTable& table);

// Microseconds since the epoch of options.now(), as the text of a bigint parameter.
std::string now_micros(const StoreState& state);

// The text of a primary key parameter; nullopt when `id` cannot name a row of this table (wrong
// type, malformed UUID): nobody.
std::optional<std::string> key_param(const UserId& id, const UserTable& table);

}  // namespace restjwt::detail::pg
