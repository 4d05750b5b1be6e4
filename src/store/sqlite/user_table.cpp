#include "store/sqlite/user_table.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <string>

#include <sqlite3.h>

namespace restjwt::detail {
namespace {

// SQLite compares identifiers ASCII-case-insensitively; so does this lookup.
std::string fold(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

struct Column {
  std::string type;  // as declared, lowercased
  bool primary_key = false;
};

// Runs a one-parameter query on a statement used only at start-up (not cached).
template <typename Row>
StoreResult<void> for_each_row(SqliteConnection& connection, const char* sql,
                               const std::string& param, Row&& on_row) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(connection.handle(), sql, -1, &stmt, nullptr);
  if (rc == SQLITE_OK) {
    StatementScope scope(stmt);
    bind_text(stmt, 1, param);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      on_row(stmt);
    }
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) {
    return unexpected(sqlite_error(connection.handle(), rc, "reading schema"));
  }
  return {};
}

StoreError invalid(std::string message) {
  return StoreError{StoreError::Kind::kInvalid, std::move(message)};
}

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

StoreResult<void> check_primary_key(UserTable& table, const std::map<std::string, Column>& columns,
                                    const std::map<std::string, std::string>& names) {
  std::vector<std::string> keys;
  for (const auto& [name, column] : columns) {
    if (column.primary_key) {
      keys.push_back(name);
    }
  }
  const std::string& t = table.schema.table;
  if (keys.size() != 1) {
    return unexpected(invalid("table " + quoted(t) + " has no single-column primary key"));
  }
  const Column& key = columns.at(keys.front());
  table.pk_column = names.at(keys.front());
  // Integer affinity (SQLite §3.1: the declared type contains "INT"): AutoField, BigAutoField.
  const bool is_integer = key.type.find("int") != std::string::npos;
  const bool want_integer = table.schema.id_type == UserTableSchema::IdType::kInteger;
  if (is_integer != want_integer) {
    return unexpected(invalid("table " + quoted(t) + ": primary key " + quoted(table.pk_column) +
                              " is " + (key.type.empty() ? "untyped" : key.type) +
                              ", but the id type is configured as " +
                              (want_integer ? "integer" : "uuid")));
  }
  return {};
}

}  // namespace

StoreResult<UserTable> inspect_user_table(SqliteConnection& connection,
                                          const UserTableSchema& schema) {
  UserTable table;
  table.schema = schema;
  const std::string& t = schema.table;
  std::map<std::string, Column> columns;     // folded name -> column
  std::map<std::string, std::string> names;  // folded name -> declared name
  auto read = for_each_row(
      connection, "SELECT name, type, pk FROM pragma_table_info(?1)", t, [&](sqlite3_stmt* row) {
        const std::string name = column_text(row, 0);
        columns[fold(name)] = {fold(column_text(row, 1)), sqlite3_column_int(row, 2) != 0};
        names[fold(name)] = name;
      });
  if (!read) {
    return unexpected(read.error());
  }
  if (columns.empty()) {
    return unexpected(invalid("no table " + quoted(t)));
  }
  if (auto key = check_primary_key(table, columns, names); !key) {
    return unexpected(key.error());
  }

  // SQLite compares identifiers ASCII-case-insensitively (fold); Django's names are lowercase.
  const auto has = [&](const std::string& name) { return columns.count(fold(name)) != 0; };
  if (auto missing = missing_required_column(schema, has)) {
    return unexpected(invalid(std::move(*missing)));
  }
  mark_optional_columns(table, has);
  table.secret_is_uuid =
      table.has_secret() && columns[fold(schema.secret_column)].type == "char(32)";

  // Django names many-to-many tables <db_table>_<field>; the admin log always references the user.
  for (const std::string& other :
       {t + "_groups", t + "_user_permissions", std::string("django_admin_log")}) {
    auto found =
        for_each_row(connection, R"(SELECT "from", "table" FROM pragma_foreign_key_list(?1))",
                     other, [&](sqlite3_stmt* row) {
                       if (fold(column_text(row, 1)) == fold(t)) {
                         table.cascades.emplace_back(other, column_text(row, 0));
                       }
                     });
    if (!found) {
      return unexpected(found.error());
    }
  }
  return table;
}

}  // namespace restjwt::detail
