// SQLite's spelling of the user statements (store/common/user_statements.hpp), and the reading of
// a User from a row they return.
#pragma once

#include <string>

#include "restjwt/user.hpp"
#include "store/common/user_statements.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/user_table.hpp"

namespace restjwt::detail {

// Parameters: ?1, ?2, ?3 as UserStatement lists them; create: named (:password, :username, :id,
// :email, …, :secret: ":" and user_column_label). kRemove deletes the user named by ?1; the
// cascade deletes are prepended to its transaction by the store.
UserStatementTexts build_user_sql(const UserTable& table);

// One DELETE per cascade table, for the user named by ?1.
std::string cascade_delete_sql(const UserTable& table, std::size_t index);

// A User from the current row of a statement built by build_user_sql (UserColumn order).
User read_user(sqlite3_stmt* row, const UserTable& table);

}  // namespace restjwt::detail
