// Opening a PostgresUserStore: connect once, find the user table (creating Django's schema only
// when asked and only for the default table), then keep that connection as the pool's first.
#include "restjwt/postgres_user_store.hpp"
#include "store/postgres/pg_django_schema.hpp"
#include "store/postgres/pg_store_state.hpp"

namespace restjwt {
namespace {

using detail::pg::Connection;

StoreError open_error(const StoreError& error) {
  // The URL is never echoed: it may carry a password.
  return StoreError{error.kind, "cannot open the PostgreSQL user store: " + error.message};
}

StoreResult<detail::pg::UserTable> find_or_create_table(Connection& connection,
                                                        const PostgresStoreOptions& options,
                                                        const std::string& now) {
  auto table = detail::pg::inspect_user_table(connection, options.schema);
  if (table || table.error().kind != StoreError::Kind::kNotFound) return table;
  StoreError missing{StoreError::Kind::kInvalid, table.error().message};
  if (!options.create_if_missing) return unexpected(std::move(missing));
  if (!detail::is_django_default(options.schema)) {
    missing.message +=
        " (restjwt creates only Django's default auth_user table; run Django's "
        "migrate for table \"" +
        options.schema.table + "\")";
    return unexpected(std::move(missing));
  }
  if (auto created = detail::pg::create_django_auth_schema(connection, now); !created) {
    return unexpected(created.error());
  }
  table = detail::pg::inspect_user_table(connection, options.schema);
  if (!table && table.error().kind == StoreError::Kind::kNotFound) {
    return unexpected(StoreError{StoreError::Kind::kInvalid, table.error().message});
  }
  return table;
}

}  // namespace

StoreResult<std::unique_ptr<PostgresUserStore>> PostgresUserStore::open(
    PostgresStoreOptions options) {
  if (!options.now) options.now = [] { return std::chrono::system_clock::now(); };
  if (options.pool_size == 0) options.pool_size = 1;
  if (options.acquire_timeout.count() <= 0) options.acquire_timeout = options.statement_timeout;
  const detail::pg::ConnectionSettings settings{.url = options.url,
                                                .connect_timeout = options.connect_timeout,
                                                .statement_timeout = options.statement_timeout};
  auto connection = Connection::connect(settings);
  if (!connection) return unexpected(open_error(connection.error()));
  const auto since = options.now().time_since_epoch();
  const std::string now =
      std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(since).count());
  auto table = find_or_create_table(**connection, options, now);
  if (!table) return unexpected(open_error(table.error()));

  const std::size_t capacity = options.pool_size;
  const auto acquire_timeout = options.acquire_timeout;
  // Aggregate initialisation in place: the pool holds a mutex and cannot be moved.
  auto state = std::unique_ptr<detail::pg::StoreState>(  // NOLINT(modernize-make-unique)
      new detail::pg::StoreState{
          .options = std::move(options),
          .table = std::move(*table),
          .sql = {},
          .pool = detail::pg::Pool([settings] { return Connection::connect(settings); }, capacity,
                                   acquire_timeout),
      });
  state->sql = detail::pg::build_user_sql(state->table);
  state->pool.add(std::move(*connection));
  // The constructor is private: make_unique cannot reach it.
  return std::unique_ptr<PostgresUserStore>(  // NOLINT(modernize-make-unique)
      new PostgresUserStore(std::move(state)));
}

}  // namespace restjwt
