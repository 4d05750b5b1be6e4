#include "store/common/user_statements.hpp"

namespace restjwt::detail {
namespace {

// What a column a custom model lacks reads as: the value Django would give it
// (AbstractBaseUser.is_active is a class attribute equal to True).
enum class Missing : std::uint8_t { kNull, kEmptyText, kFalse, kTrue };

struct ColumnInfo {
  std::string_view label;
  // The flag saying the table has the column; nullptr: the table always has it, or it is
  // configured (email, secret).
  bool UserTableShape::*present;
  Missing missing;
};

// In UserColumn order.
constexpr ColumnInfo kColumns[] = {
    {"id", nullptr, Missing::kNull},
    {"password", nullptr, Missing::kNull},
    {"last_login", &UserTableShape::has_last_login, Missing::kNull},
    {"is_superuser", &UserTableShape::has_is_superuser, Missing::kFalse},
    {"username", nullptr, Missing::kNull},
    {"first_name", &UserTableShape::has_first_name, Missing::kEmptyText},
    {"last_name", &UserTableShape::has_last_name, Missing::kEmptyText},
    {"email", nullptr, Missing::kNull},
    {"is_staff", &UserTableShape::has_is_staff, Missing::kFalse},
    {"is_active", &UserTableShape::has_is_active, Missing::kTrue},
    {"date_joined", &UserTableShape::has_date_joined, Missing::kNull},
    {"secret", nullptr, Missing::kNull},
};

const ColumnInfo& info(UserColumn column) { return kColumns[static_cast<std::size_t>(column)]; }

bool has_column(const UserTableShape& t, UserColumn column) {
  if (column == UserColumn::kEmail) return t.has_email();
  if (column == UserColumn::kSecret) return t.has_secret();
  const auto present = info(column).present;
  return present == nullptr || t.*present;
}

// The table's name for `column`: configured for the key, username, email and secret, Django's
// own for the rest.
std::string column_name(const UserTableShape& t, UserColumn column) {
  if (column == UserColumn::kId) return t.pk_column;
  if (column == UserColumn::kUsername) return t.schema.username_field;
  if (column == UserColumn::kEmail) return t.schema.email_field;
  if (column == UserColumn::kSecret) return t.schema.secret_column;
  return std::string(info(column).label);
}

std::string missing_value(UserColumn column, const UserSqlDialect& dialect) {
  switch (info(column).missing) {
    case Missing::kNull:
      return "NULL";
    case Missing::kEmptyText:
      return "''";
    case Missing::kFalse:
      return std::string(dialect.false_literal);
    case Missing::kTrue:
      return std::string(dialect.true_literal);
  }
  return "NULL";
}

constexpr UserColumn kSelectOrder[] = {
    UserColumn::kId,          UserColumn::kPassword,   UserColumn::kLastLogin,
    UserColumn::kIsSuperuser, UserColumn::kUsername,   UserColumn::kFirstName,
    UserColumn::kLastName,    UserColumn::kEmail,      UserColumn::kIsStaff,
    UserColumn::kIsActive,    UserColumn::kDateJoined, UserColumn::kSecret};

std::string select_list(const UserTableShape& t, const UserSqlDialect& dialect) {
  std::string list;
  for (const UserColumn column : kSelectOrder) {
    if (!list.empty()) list += ", ";
    list += has_column(t, column) ? dialect.read(column, quote_identifier(column_name(t, column)))
                                  : missing_value(column, dialect);
  }
  return list;
}

// The columns create() writes, in statement order: a UUID key is made by the store (Django's
// default=uuid.uuid4 runs in Python), and an email that is the username is written once.
constexpr UserColumn kInsertOrder[] = {
    UserColumn::kPassword,   UserColumn::kUsername,    UserColumn::kId,
    UserColumn::kEmail,      UserColumn::kIsSuperuser, UserColumn::kIsStaff,
    UserColumn::kIsActive,   UserColumn::kFirstName,   UserColumn::kLastName,
    UserColumn::kDateJoined, UserColumn::kSecret};

bool inserts(const UserTableShape& t, UserColumn column) {
  if (column == UserColumn::kId) return t.schema.id_type == UserTableSchema::IdType::kUuid;
  if (column == UserColumn::kEmail) return t.has_email() && !t.email_is_username();
  return has_column(t, column);
}

std::string insert_sql(const UserTableShape& t, const UserSqlDialect& dialect,
                       const std::string& select) {
  std::string columns;
  std::string values;
  std::string username_value;
  for (const UserColumn column : kInsertOrder) {
    if (!inserts(t, column)) continue;
    const std::string value = dialect.insert_value(column);
    if (column == UserColumn::kUsername) username_value = value;
    columns += (columns.empty() ? "" : ", ") + quote_identifier(column_name(t, column));
    values += (values.empty() ? "" : ", ") + value;
  }
  const std::string table = quote_identifier(t.schema.table);
  return "INSERT INTO " + table + " (" + columns + ") SELECT " + values +
         " WHERE NOT EXISTS (SELECT 1 FROM " + table + " WHERE " +
         quote_identifier(t.schema.username_field) + " = " + username_value + ") RETURNING " +
         select;
}

}  // namespace

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) {
    out.push_back(c);
    if (c == '"') out.push_back('"');
  }
  out.push_back('"');
  return out;
}

std::string_view user_column_label(UserColumn column) { return info(column).label; }

UserStatementTexts build_user_statements(const UserTableShape& t, const UserSqlDialect& dialect) {
  const std::string table = quote_identifier(t.schema.table);
  const std::string user = quote_identifier(t.schema.username_field);
  const std::string pk = quote_identifier(t.pk_column);
  const std::string columns = select_list(t, dialect);
  const std::string select = "SELECT " + columns + " FROM " + table;
  const auto update = [&](const std::string& column, const std::string& key,
                          const std::string& value) {
    return "UPDATE " + table + " SET " + quote_identifier(column) + " = " + value + " WHERE " +
           key + " = " + dialect.param(2);
  };
  UserStatementTexts sql;
  const auto at = [&](UserStatement which) -> std::string& {
    return sql[static_cast<std::size_t>(which)];
  };
  at(UserStatement::kFindByUsername) = select + " WHERE " + user + " = " + dialect.param(1);
  at(UserStatement::kFindById) = select + " WHERE " + pk + " = " + dialect.param(1);
  at(UserStatement::kCreate) = insert_sql(t, dialect, columns);
  at(UserStatement::kSetPassword) = update("password", user, dialect.param(1));
  // Compare-and-swap: a hash upgrade never overwrites a password changed since it was read.
  at(UserStatement::kReplacePassword) = update("password", pk, dialect.param(1)) + " AND " +
                                        quote_identifier("password") + " = " + dialect.param(3);
  if (t.has_is_active) at(UserStatement::kSetActive) = update("is_active", user, dialect.param(1));
  if (t.has_secret()) {
    at(UserStatement::kSetSecret) = update(t.schema.secret_column, user, dialect.param(1));
  }
  if (t.has_last_login) {
    at(UserStatement::kUpdateLastLogin) =
        update("last_login", pk, dialect.login_time(dialect.param(1)));
  }
  at(UserStatement::kList) = select + " ORDER BY " + pk;
  return sql;
}

}  // namespace restjwt::detail
