// The shape of the user table as found in the database, checked once when the store opens.
#pragma once

#include <string>

#include "restjwt/user_store.hpp"
#include "store/common/user_table_shape.hpp"
#include "store/sqlite/connection.hpp"

namespace restjwt::detail {

// Everything SQLite needs is in the shape both stores share.
struct UserTable : UserTableShape {};

// Reads the table's columns, primary key and the tables that reference it. kInvalid, naming the
// table or column, when the table, its primary key (of the configured type) or a configured column
// is missing; kInternal "… is not an SQLite database" for another kind of file.
StoreResult<UserTable> inspect_user_table(SqliteConnection& connection,
                                          const UserTableSchema& schema);

}  // namespace restjwt::detail
