#include "store/postgres/pg_user_sql.hpp"

#include <charconv>
#include <cstring>

namespace restjwt::detail::pg {
namespace {

std::string q(const std::string& name) { return quote_identifier(name); }

// Django with USE_TZ = True stores timestamptz; reading it in UTC as a naive timestamp gives the
// text Python's str() prints ("2024-05-01 12:00:00.123456", no fraction when zero), which is what
// the SQLite store returns too.
std::string read_time(const std::string& quoted, bool tz) {
  return tz ? "(" + quoted + " AT TIME ZONE 'UTC')::text" : quoted + "::text";
}

// Microseconds since the epoch as a timestamp: exact, unlike a float of seconds.
std::string write_time(bool tz, const std::string& param) {
  return std::string(tz ? "'epoch'::timestamptz" : "'epoch'::timestamp") + " + " + param +
         "::bigint * interval '1 microsecond'";
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
  UserSql sql;
  const auto time_is_tz = [&t](UserColumn column) {
    return column == UserColumn::kLastLogin ? t.last_login_tz : t.date_joined_tz;
  };
  const UserSqlDialect dialect{
      .param = [](int n) { return "$" + std::to_string(n); },
      .false_literal = "false",
      .true_literal = "true",
      .read =
          [&](UserColumn column, const std::string& quoted) {
            if (column == UserColumn::kLastLogin || column == UserColumn::kDateJoined) {
              return read_time(quoted, time_is_tz(column));
            }
            // A uuid's text is the dashed lowercase form UserId and User::jwt_secret hold.
            if (column == UserColumn::kId || column == UserColumn::kSecret) {
              return quoted + "::text";
            }
            return quoted;
          },
      // Django's UUIDField(default=uuid.uuid4) is filled in Python; gen_random_uuid() is the same.
      .insert_value = [&](UserColumn column) -> std::string {
        if (column == UserColumn::kId) return "gen_random_uuid()";
        if (column == UserColumn::kSecret) {
          return t.secret_is_uuid ? "gen_random_uuid()" : "gen_random_uuid()::text";
        }
        sql.create_fields.push_back(column);
        const std::string param = "$" + std::to_string(sql.create_fields.size());
        if (column == UserColumn::kDateJoined) return write_time(t.date_joined_tz, param);
        const bool flag = column == UserColumn::kIsSuperuser || column == UserColumn::kIsStaff ||
                          column == UserColumn::kIsActive;
        return param + (flag ? "::boolean" : "::text");
      },
      .login_time = [&](const std::string& param) { return write_time(t.last_login_tz, param); },
  };
  // Under concurrent inserts of one username the table's UNIQUE constraint turns the loser of
  // the WHERE NOT EXISTS race into a unique violation (kConflict).
  sql.text = build_user_statements(t, dialect);
  sql.text[static_cast<std::size_t>(UserStatement::kRemove)] = remove_sql(t);
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
