// The SQL text of every statement the store prepares, built once from the inspected table, and
// the reading of a User from a row those statements return.
#pragma once

#include <array>
#include <string>

#include "restjwt/user.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/user_table.hpp"

namespace restjwt::detail {

using SqlTexts = std::array<std::string, static_cast<std::size_t>(Sql::kCount)>;

// Parameters: find/remove/set_*: ?1 the value, ?2 the username (or the id); replace_password:
// ?1 new, ?2 id, ?3 expected; create: named (:password, :username, :email, …).
// Cascade deletes for remove() are prepended to kRemove's transaction by the store.
SqlTexts build_user_sql(const UserTable& table);

// One DELETE per cascade table, for the user named by ?1.
std::string cascade_delete_sql(const UserTable& table, std::size_t index);

// A User from the current row of a statement built by build_user_sql (same column order).
User read_user(sqlite3_stmt* row, const UserTable& table);

}  // namespace restjwt::detail
