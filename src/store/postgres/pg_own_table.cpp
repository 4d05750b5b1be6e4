#include "store/postgres/pg_own_table.hpp"

namespace restjwt::detail::pg {

StoreResult<std::unique_ptr<Connection>> connect_with_table(const ConnectionSettings& settings,
                                                            const std::string& table,
                                                            const std::string& create_sql,
                                                            const std::string& check_sql,
                                                            const std::string& what) {
  const auto opened = [&what](const StoreError& error) {
    return StoreError{error.kind, "cannot open " + what + ": " + error.message};
  };
  auto connection = Connection::connect(settings);
  if (!connection) return unexpected(opened(connection.error()));
  auto created = (*connection)->run(create_sql, {}, "create the " + table + " table");
  if (!created) {
    auto exists = (*connection)
                      ->run("SELECT to_regclass($1) IS NOT NULL", {table},
                            "look for the " + table + " table");
    if (!exists || PQntuples(exists->get()) != 1 || PQgetvalue(exists->get(), 0, 0)[0] != 't') {
      return unexpected(opened(created.error()));
    }
  }
  if (auto checked = (*connection)->run(check_sql, {}, "check the " + table + " table"); !checked) {
    return unexpected(opened(checked.error()));
  }
  return connection;
}

}  // namespace restjwt::detail::pg
