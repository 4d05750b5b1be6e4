// What both user stores learn about the user table when they open: which of Django's columns it
// has, and so which NewUser values it can hold. Each store's UserTable derives from this and adds
// what only its database needs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "restjwt/user.hpp"
#include "restjwt/user_store.hpp"

namespace restjwt::detail {

struct UserTableShape {
  UserTableSchema schema;
  std::string pk_column;  // the table's single-column primary key, usually "id"
  // AbstractUser columns a custom user model may lack; missing ones read as Django's defaults.
  bool has_last_login = false;
  bool has_is_superuser = false;
  bool has_first_name = false;
  bool has_last_name = false;
  bool has_is_staff = false;
  bool has_is_active = false;
  bool has_date_joined = false;
  // The secret column is a Django UUIDField: char(32) hex in SQLite (presented dashed),
  // PostgreSQL's uuid type.
  bool secret_is_uuid = false;
  // Rows Django deletes along with a user (on_delete=CASCADE: many-to-many, admin log): table,
  // column.
  std::vector<std::pair<std::string, std::string>> cascades;

  [[nodiscard]] bool has_email() const { return !schema.email_field.empty(); }
  // Email login: the username field is the email column itself.
  [[nodiscard]] bool email_is_username() const {
    return schema.email_field == schema.username_field;
  }
  [[nodiscard]] bool has_secret() const { return !schema.secret_column.empty(); }
};

// Django's default user table: the only one a store creates (a custom user model's table, and
// its migrations, belong to the Django project).
inline bool is_django_default(const UserTableSchema& schema) {
  return schema.table == "auth_user" && schema.id_type == UserTableSchema::IdType::kInteger &&
         schema.secret_column.empty();
}

// kInvalid: an operation needs `column`, which the (custom) user table does not have.
inline StoreError missing_column(const UserTableShape& table, std::string_view column) {
  return StoreError{
      StoreError::Kind::kInvalid,
      "table \"" + table.schema.table + "\" has no column \"" + std::string(column) + "\""};
}

// The message naming the first column the store reads or writes that the table lacks (password,
// the configured username, email and secret columns), or nullopt. `has(name)` answers for the
// database's own rules on identifier case.
template <typename HasColumn>
std::optional<std::string> missing_required_column(const UserTableSchema& schema,
                                                   const HasColumn& has) {
  const std::pair<std::string, const char*> required[] = {
      {"password", "the password column"},
      {schema.username_field, "the username field"},
      {schema.email_field, "the email field"},
      {schema.secret_column, "the per-user secret column"}};
  for (const auto& [name, role] : required) {
    if (!name.empty() && !has(name)) {
      return "table \"" + schema.table + "\" has no column \"" + name + "\" (" + role + ")";
    }
  }
  return std::nullopt;
}

// Sets the has_* flags of the optional AbstractUser columns from `has(name)`.
template <typename HasColumn>
void mark_optional_columns(UserTableShape& table, const HasColumn& has) {
  table.has_last_login = has("last_login");
  table.has_is_superuser = has("is_superuser");
  table.has_first_name = has("first_name");
  table.has_last_name = has("last_name");
  table.has_is_staff = has("is_staff");
  table.has_is_active = has("is_active");
  table.has_date_joined = has("date_joined");
}

// Why `table` cannot hold `user`, or nullopt when it can. A value the table has no column for
// would be silently lost, so both stores refuse it instead (the caller reports kInvalid).
inline std::optional<std::string> unwritable_reason(const UserTableShape& table,
                                                    const NewUser& user) {
  if (user.username.empty()) {
    return "the username may not be blank";
  }
  const std::string& name = table.schema.table;
  if (!user.email.empty() && !table.has_email()) {
    return "table \"" + name + "\" has no email column";
  }
  if (!user.email.empty() && table.email_is_username() && user.email != user.username) {
    return "the email is the username field of table \"" + name + "\"";
  }
  const std::pair<bool, const char*> needs[] = {
      {!user.is_active && !table.has_is_active, "is_active"},
      {user.is_staff && !table.has_is_staff, "is_staff"},
      {user.is_superuser && !table.has_is_superuser, "is_superuser"},
      {!user.first_name.empty() && !table.has_first_name, "first_name"},
      {!user.last_name.empty() && !table.has_last_name, "last_name"}};
  for (const auto& [missing, column] : needs) {
    if (missing) {
      return "table \"" + name + "\" has no column \"" + column + "\"";
    }
  }
  return std::nullopt;
}

}  // namespace restjwt::detail
