#include "store/sqlite/django_schema.hpp"

#include <string_view>

#include <sqlite3.h>

#include "store/common/django_auth_schema.hpp"

namespace restjwt::detail {
namespace {

StoreResult<void> record_migrations(SqliteConnection& connection, const std::string& applied) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(
      connection.handle(), "INSERT INTO django_migrations (app, name, applied) VALUES (?1, ?2, ?3)",
      -1, &stmt, nullptr);
  for (const auto& [app, name] : django_auth_migrations()) {
    if (rc != SQLITE_OK) {
      break;
    }
    StatementScope scope(stmt);
    bind_text(stmt, 1, app);
    bind_text(stmt, 2, name);
    bind_text(stmt, 3, applied);
    rc = sqlite3_step(stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(connection.handle());
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_OK) {
    return unexpected(sqlite_error(connection.handle(), rc, "cannot record Django migrations"));
  }
  return {};
}

StoreResult<bool> database_is_empty(SqliteConnection& connection) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(connection.handle(), "SELECT count(*) FROM sqlite_master", -1, &stmt,
                              nullptr);
  bool empty = false;
  if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    empty = sqlite3_column_int(stmt, 0) == 0;
    rc = SQLITE_OK;
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_OK) {
    return unexpected(sqlite_error(connection.handle(), rc, "reading schema"));
  }
  return empty;
}

}  // namespace

StoreResult<void> create_django_auth_schema(SqliteConnection& connection,
                                            const std::string& applied) {
  // BEGIN IMMEDIATE takes the write lock first: two processes creating the file at once
  // serialise here, and the second finds the tables.
  if (auto begun = connection.exec("BEGIN IMMEDIATE", "cannot create the Django schema"); !begun) {
    return begun;
  }
  auto empty = database_is_empty(connection);
  if (!empty) {
    return unexpected(empty.error());
  }
  if (*empty) {
    for (const std::string& ddl : django_auth_schema_ddl(SqlDialect::kSqlite)) {
      if (auto done = connection.exec(ddl.c_str(), "cannot create the Django schema"); !done) {
        return done;
      }
    }
    if (auto done = record_migrations(connection, applied); !done) {
      return done;
    }
  }
  return connection.exec("COMMIT", "cannot create the Django schema");
}

}  // namespace restjwt::detail
