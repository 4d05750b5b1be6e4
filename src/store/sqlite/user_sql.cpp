#include "store/sqlite/user_sql.hpp"

#include <sqlite3.h>

#include "store/common/uuid.hpp"

namespace restjwt::detail {
namespace {

// The select list, in the order read_user expects. A column a custom model lacks reads as the
// value Django would give it (AbstractBaseUser.is_active is a class attribute equal to True).
std::string select_list(const UserTable& t) {
  const auto q = [](const std::string& name) { return quote_identifier(name); };
  const auto or_default = [&](bool present, const char* name, const char* fallback) {
    return present ? q(name) : std::string(fallback);
  };
  const UserTableSchema& s = t.schema;
  std::string list = q(t.pk_column) + ", " + q("password") + ", ";
  list += or_default(t.has_last_login, "last_login", "NULL") + ", ";
  list += or_default(t.has_is_superuser, "is_superuser", "0") + ", ";
  list += q(s.username_field) + ", ";
  list += or_default(t.has_first_name, "first_name", "''") + ", ";
  list += or_default(t.has_last_name, "last_name", "''") + ", ";
  list += (t.has_email() ? q(s.email_field) : std::string("NULL")) + ", ";
  list += or_default(t.has_is_staff, "is_staff", "0") + ", ";
  list += or_default(t.has_is_active, "is_active", "1") + ", ";
  list += or_default(t.has_date_joined, "date_joined", "NULL") + ", ";
  list += t.has_secret() ? q(s.secret_column) : std::string("NULL");
  return list;
}

// INSERT … SELECT … WHERE NOT EXISTS: the uniqueness check and the insert are one statement, so
// a username is never taken twice even on a table whose username column lacks UNIQUE.
std::string insert_sql(const UserTable& t, const std::string& table, const std::string& user) {
  std::string columns = quote_identifier("password") + ", " + user;
  std::string values = ":password, :username";
  const auto add = [&](bool present, const std::string& column, const char* param) {
    if (!present) {
      return;
    }
    columns += ", " + quote_identifier(column);
    values += std::string(", ") + param;
  };
  const bool uuid = t.schema.id_type == UserTableSchema::IdType::kUuid;
  add(uuid, t.pk_column, ":id");
  add(t.has_email() && !t.email_is_username(), t.schema.email_field, ":email");
  add(t.has_is_superuser, "is_superuser", ":is_superuser");
  add(t.has_is_staff, "is_staff", ":is_staff");
  add(t.has_is_active, "is_active", ":is_active");
  add(t.has_first_name, "first_name", ":first_name");
  add(t.has_last_name, "last_name", ":last_name");
  add(t.has_date_joined, "date_joined", ":date_joined");
  add(t.has_secret(), t.schema.secret_column, ":secret");
  return "INSERT INTO " + table + " (" + columns + ") SELECT " + values + " WHERE NOT EXISTS " +
         "(SELECT 1 FROM " + table + " WHERE " + user + " = :username) RETURNING " + select_list(t);
}

}  // namespace

SqlTexts build_user_sql(const UserTable& t) {
  const std::string table = quote_identifier(t.schema.table);
  const std::string user = quote_identifier(t.schema.username_field);
  const std::string pk = quote_identifier(t.pk_column);
  const std::string select = "SELECT " + select_list(t) + " FROM " + table;
  const auto update = [&](const std::string& column, const std::string& key) {
    return "UPDATE " + table + " SET " + quote_identifier(column) + " = ?1 WHERE " + key + " = ?2";
  };
  SqlTexts sql;
  const auto at = [&](Sql which) -> std::string& { return sql[static_cast<std::size_t>(which)]; };
  at(Sql::kFindByUsername) = select + " WHERE " + user + " = ?1";
  at(Sql::kFindById) = select + " WHERE " + pk + " = ?1";
  at(Sql::kCreate) = insert_sql(t, table, user);
  at(Sql::kSetPassword) = update("password", user);
  // Compare-and-swap: a hash upgrade never overwrites a password changed since it was read.
  at(Sql::kReplacePassword) =
      update("password", pk) + " AND " + quote_identifier("password") + " = ?3";
  at(Sql::kSetActive) = update("is_active", user);
  at(Sql::kSetSecret) = t.has_secret() ? update(t.schema.secret_column, user) : "";
  at(Sql::kUpdateLastLogin) = update("last_login", pk);
  at(Sql::kList) = select + " ORDER BY " + pk;
  at(Sql::kRemove) = "DELETE FROM " + table + " WHERE " + user + " = ?1";
  at(Sql::kBeginImmediate) = "BEGIN IMMEDIATE";
  at(Sql::kCommit) = "COMMIT";
  at(Sql::kRollback) = "ROLLBACK";
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
