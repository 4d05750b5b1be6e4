// The shape of the user table as found in PostgreSQL's catalog, checked once when the store opens.
#pragma once

#include "restjwt/user_store.hpp"
#include "store/common/user_table_shape.hpp"
#include "store/postgres/pg_connection.hpp"

namespace restjwt::detail::pg {

struct UserTable : UserTableShape {
  // timestamptz (USE_TZ = True, Django's default) or a naive timestamp holding UTC.
  bool last_login_tz = true;
  bool date_joined_tz = true;

  [[nodiscard]] bool is_uuid() const { return schema.id_type == UserTableSchema::IdType::kUuid; }
};

// kNotFound when the table does not exist (the caller may create it); kInvalid,
// naming the table or column, when its primary key (of the configured type) or a configured
// column is missing.
StoreResult<UserTable> inspect_user_table(Connection& connection, const UserTableSchema& schema);

}  // namespace restjwt::detail::pg
