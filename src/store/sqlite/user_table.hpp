// The shape of the user table as found in the database, checked once when the store opens.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "restjwt/user_store.hpp"
#include "store/sqlite/connection.hpp"

namespace restjwt::detail {

struct UserTable {
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
  // The secret column is a Django UUIDField (char(32)): stored as hex, presented dashed.
  bool secret_is_uuid = false;
  // Rows Django deletes along with a user (on_delete=CASCADE, many-to-many): table, column.
  std::vector<std::pair<std::string, std::string>> cascades;

  [[nodiscard]] bool has_email() const { return !schema.email_field.empty(); }
  // Email login: the username field is the email column itself.
  [[nodiscard]] bool email_is_username() const {
    return schema.email_field == schema.username_field;
  }
  [[nodiscard]] bool has_secret() const { return !schema.secret_column.empty(); }
};

// Reads the table's columns, primary key and the tables that reference it. kInvalid, naming the
// table or column, when the table, its primary key (of the configured type) or a configured column
// is missing; kInternal "… is not an SQLite database" for another kind of file.
StoreResult<UserTable> inspect_user_table(SqliteConnection& connection,
                                          const UserTableSchema& schema);

// `name` as an SQL identifier: in double quotes, embedded quotes doubled.
std::string quote_identifier(const std::string& name);

}  // namespace restjwt::detail
