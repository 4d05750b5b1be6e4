#include "store/postgres/pg_user_sql.hpp"

#include <charconv>
#include <cstring>

namespace restjwt::detail::pg {
namespace {

std::string q(const std::string& name) { return quote_identifier(name); }

// Django with USE_TZ = True stores timestamptz; reading it in UTC as a naive timestamp gives the
// text Python's str() prints ("2024-05-01 12:00:00.123456", no fraction when zero), which is what
// the SQLite store returns too.
std::string read_time(bool present, bool tz, const char* name) {
  if (!present) return "NULL";
  return tz ? "(" + q(name) + " AT TIME ZONE 'UTC')::text" : q(name) + "::text";
}

// Microseconds since the epoch as a timestamp: exact, unlike a float of seconds.
std::string write_time(bool tz, const std::string& param) {
  return std::string(tz ? "'epoch'::timestamptz" : "'epoch'::timestamp") + " + " + param +
         "::bigint * interval '1 microsecond'";
}

// The select list, in the order read_user expects. A column a custom model lacks reads as the
// value Django would give it (AbstractBaseUser.is_active is a class attribute equal to True).
std::string select_list(const UserTable& t) {
  const auto or_default = [&](bool present, const char* name, const char* fallback) {
    return present ? q(name) : std::string(fallback);
  };
  const UserTableSchema& s = t.schema;
  std::string list = q(t.pk_column) + "::text, " + q("password") + ", ";
  list += read_time(t.has_last_login, t.last_login_tz, "last_login") + ", ";
  list += or_default(t.has_is_superuser, "is_superuser", "false") + ", ";
  list += q(s.username_field) + ", ";
  list += or_default(t.has_first_name, "first_name", "''") + ", ";
  list += or_default(t.has_last_name, "last_name", "''") + ", ";
  list += (t.has_email() ? q(s.email_field) : std::string("NULL")) + ", ";
  list += or_default(t.has_is_staff, "is_staff", "false") + ", ";
  list += or_default(t.has_is_active, "is_active", "true") + ", ";
  list += read_time(t.has_date_joined, t.date_joined_tz, "date_joined") + ", ";
  list += t.has_secret() ? q(s.secret_column) + "::text" : std::string("NULL");
  return list;
}

// INSERT … SELECT … WHERE NOT EXISTS, as in the SQLite store; under concurrent inserts of one
// username the table's UNIQUE constraint turns the loser into a unique violation (kConflict).
std::string insert_sql(const UserTable& t, std::vector<Field>& fields) {
  std::string columns;
  std::string values;
  const auto add_column = [&](const std::string& column, const std::string& expression) {
    columns += (columns.empty() ? "" : ", ") + q(column);
    values += (values.empty() ? "" : ", ") + expression;
  };
  const auto add = [&](bool present, const std::string& column, Field field, const char* type) {
    if (!present) return;
    fields.push_back(field);
    const std::string param = "$" + std::to_string(fields.size());
    add_column(column, field == Field::kDateJoined ? write_time(t.date_joined_tz, param)
                                                   : param + "::" + type);
  };
  add(true, "password", Field::kPassword, "text");
  add(true, t.schema.username_field, Field::kUsername, "text");
  // Django's UUIDField(default=uuid.uuid4) is filled in Python; gen_random_uuid() is the same.
  if (t.is_uuid()) add_column(t.pk_column, "gen_random_uuid()");
  add(t.has_email() && !t.email_is_username(), t.schema.email_field, Field::kEmail, "text");
  add(t.has_is_superuser, "is_superuser", Field::kIsSuperuser, "boolean");
  add(t.has_is_staff, "is_staff", Field::kIsStaff, "boolean");
  add(t.has_is_active, "is_active", Field::kIsActive, "boolean");
  add(t.has_first_name, "first_name", Field::kFirstName, "text");
  add(t.has_last_name, "last_name", Field::kLastName, "text");
  add(t.has_date_joined, "date_joined", Field::kDateJoined, "");
  if (t.has_secret()) {
    add_column(t.schema.secret_column,
               t.secret_is_uuid ? "gen_random_uuid()" : "gen_random_uuid()::text");
  }
  const std::string table = q(t.schema.table);
  return "INSERT INTO " + table + " (" + columns + ") SELECT " + values +
         " WHERE NOT EXISTS (SELECT 1 FROM " + table + " WHERE " + q(t.schema.username_field) +
         " = $2::text) RETURNING " + select_list(t);
}

// One DELETE statement: data-modifying CTEs run once each, in the statement's transaction, and
// Django's deferred foreign keys are checked when it commits (a leftover reference: 23503).
std::string remove_sql(const UserTable& t) {
  const std::string pk = q(t.pk_column);
  std::string sql = "WITH target AS (SELECT " + pk + " FROM " + q(t.schema.table) + " WHERE " +
                    q(t.schema.username_field) + " = $1)";
  for (std::size_t i = 0; i < t.cascades.size(); ++i) {
    const auto& [other, column] = t.cascades[i];
    sql += ", c" + std::to_string(i) + " AS (DELETE FROM " + q(other) + " WHERE " + q(column) +
           " IN (SELECT " + pk + " FROM target))";
  }
  return sql + " DELETE FROM " + q(t.schema.table) + " WHERE " + pk + " IN (SELECT " + pk +
         " FROM target)";
}

std::string text_at(const PGresult* result, int row, int column) {
  if (PQgetisnull(result, row, column) != 0) return {};
  return {PQgetvalue(result, row, column),
          static_cast<std::size_t>(PQgetlength(result, row, column))};
}

bool flag_at(const PGresult* result, int row, int column) {
  return std::strcmp(PQgetvalue(result, row, column), "t") == 0;
}

}  // namespace

UserSql build_user_sql(const UserTable& t) {
  const std::string table = q(t.schema.table);
  const std::string user = q(t.schema.username_field);
  const std::string pk = q(t.pk_column);
  const std::string select = "SELECT " + select_list(t) + " FROM " + table;
  const auto update = [&](const std::string& column, const std::string& key,
                          const std::string& value = "$1") {
    return "UPDATE " + table + " SET " + q(column) + " = " + value + " WHERE " + key + " = $2";
  };
  UserSql sql;
  const auto at = [&](Sql which) -> std::string& {
    return sql.text[static_cast<std::size_t>(which)];
  };
  at(Sql::kFindByUsername) = select + " WHERE " + user + " = $1";
  at(Sql::kFindById) = select + " WHERE " + pk + " = $1";
  at(Sql::kCreate) = insert_sql(t, sql.create_fields);
  at(Sql::kSetPassword) = update("password", user);
  // Compare-and-swap: a hash upgrade never overwrites a password changed since it was read.
  at(Sql::kReplacePassword) = update("password", pk) + " AND " + q("password") + " = $3";
  at(Sql::kSetActive) = t.has_is_active ? update("is_active", user) : "";
  at(Sql::kSetSecret) = t.has_secret() ? update(t.schema.secret_column, user) : "";
  at(Sql::kUpdateLastLogin) =
      t.has_last_login ? update("last_login", pk, write_time(t.last_login_tz, "$1")) : "";
  at(Sql::kList) = select + " ORDER BY " + pk;
  at(Sql::kRemove) = remove_sql(t);
  return sql;
}

User read_user(const PGresult* result, int row, const UserTable& t) {
  User user;
  const std::string id = text_at(result, row, 0);
  if (t.is_uuid()) {
    user.id = id;  // uuid's text form is already the dashed lowercase one
  } else {
    std::int64_t number = 0;
    std::from_chars(id.data(), id.data() + id.size(), number);
    user.id = number;
  }
  user.password = text_at(result, row, 1);
  user.last_login = text_at(result, row, 2);
  user.is_superuser = flag_at(result, row, 3);
  user.username = text_at(result, row, 4);
  user.first_name = text_at(result, row, 5);
  user.last_name = text_at(result, row, 6);
  if (t.has_email()) user.email = text_at(result, row, 7);
  user.is_staff = flag_at(result, row, 8);
  user.is_active = flag_at(result, row, 9);
  user.date_joined = text_at(result, row, 10);
  if (t.has_secret()) user.jwt_secret = text_at(result, row, 11);
  return user;
}

}  // namespace restjwt::detail::pg
