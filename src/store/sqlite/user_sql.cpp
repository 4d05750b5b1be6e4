#include "store/sqlite/user_sql.hpp"

#include <sqlite3.h>

#include "store/common/uuid.hpp"

namespace restjwt::detail {

UserStatementTexts build_user_sql(const UserTable& t) {
  // Django's SQLite backend: booleans are 0/1, datetimes the text the store binds, keys and
  // secrets as stored (UUIDs as hex, made by the store).
  const UserSqlDialect dialect{
      .param = [](int n) { return "?" + std::to_string(n); },
      .false_literal = "0",
      .true_literal = "1",
      .read = [](UserColumn, const std::string& quoted) { return quoted; },
      .insert_value =
          [](UserColumn column) { return ":" + std::string(user_column_label(column)); },
      .login_time = [](const std::string& param) { return param; },
  };
  UserStatementTexts sql = build_user_statements(t, dialect);
  sql[static_cast<std::size_t>(UserStatement::kRemove)] =
      "DELETE FROM " + quote_identifier(t.schema.table) + " WHERE " +
      quote_identifier(t.schema.username_field) + " = ?1";
  return sql;
}

std::string cascade_delete_sql(const UserTable& t, std::size_t index) {
  const auto& [other, column] = t.cascades.at(index);
  return "DELETE FROM " + quote_identifier(other) + " WHERE " + quote_identifier(column) +
         " IN (SELECT " + quote_identifier(t.pk_column) + " FROM " +
         quote_identifier(t.schema.table) + " WHERE " + quote_identifier(t.schema.username_field) +
         " = ?1)";
}

User read_user(sqlite3_stmt* row, const UserTable& t) {
  User user;
  if (t.schema.id_type == UserTableSchema::IdType::kInteger) {
    user.id = static_cast<std::int64_t>(sqlite3_column_int64(row, 0));
  } else {
    user.id = uuid_to_canonical(column_text(row, 0));
  }
  user.password = column_text(row, 1);
  user.last_login = column_text(row, 2);
  user.is_superuser = sqlite3_column_int(row, 3) != 0;
  user.username = column_text(row, 4);
  user.first_name = column_text(row, 5);
  user.last_name = column_text(row, 6);
  if (t.has_email()) {
    user.email = column_text(row, 7);
  }
  user.is_staff = sqlite3_column_int(row, 8) != 0;
  user.is_active = sqlite3_column_int(row, 9) != 0;
  user.date_joined = column_text(row, 10);
  if (t.has_secret()) {
    std::string secret = column_text(row, 11);
    user.jwt_secret = t.secret_is_uuid ? uuid_to_canonical(secret) : std::move(secret);
  }
  return user;
}

}  // namespace restjwt::detail
