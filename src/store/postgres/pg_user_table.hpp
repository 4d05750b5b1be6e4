// The shape of the user table as found in PostgreSQL's catalog, checked once when the store opens.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "restjwt/user_store.hpp"
#include "store/postgres/pg_connection.hpp"

namespace restjwt::detail::pg {

struct UserTable {
  UserTableSchema schema;
  std::string pk_column;  // the single-column primary key, usually "id"
  // AbstractUser columns a custom user model may lack; missing ones read as Django's defaults.
  bool has_last_login = false;
  bool has_is_superuser = false;
  bool has_first_name = false;
  bool has_last_name = false;
  bool has_is_staff = false;
  bool has_is_active = false;
  bool has_date_joined = false;
  // timestamptz (USE_TZ = True, Django's default) or a naive timestamp holding UTC.
  bool last_login_tz = true;
  bool date_joined_tz = true;
  bool secret_is_uuid = false;  // a Django UUIDField: PostgreSQL's uuid type
  // Rows Django deletes along with a user (many-to-many, admin log): table, column.
  std::vector<std::pair<std::string, std::string>> cascades;

  [[nodiscard]] bool is_uuid() const { return schema.id_type == UserTableSchema::IdType::kUuid; }
  [[nodiscard]] bool has_email() const { return !schema.email_field.empty(); }
  [[nodiscard]] bool email_is_username() const {
    return schema.email_field == schema.username_field;
  }
  [[nodiscard]] bool has_secret() const { return !schema.secret_column.empty(); }
};

// kNotFound when the table does not exist (the caller may create it); kInvalid,
// naming the table or column, when its primary key (of the configured type) or a configured
// column is missing.
StoreResult<UserTable> inspect_user_table(Connection& connection, const UserTableSchema& schema);

}  // namespace restjwt::detail::pg
