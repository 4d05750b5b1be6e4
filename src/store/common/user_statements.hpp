// The SQL both user stores run, built once per store from the inspected table. The statements
// are the same in SQLite and PostgreSQL but for what a UserSqlDialect spells its own way:
// parameters, boolean literals, conversions of keys and times, values made by the database.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "store/common/user_table_shape.hpp"

namespace restjwt::detail {

// `name` as an SQL identifier: in double quotes, embedded quotes doubled.
std::string quote_identifier(std::string_view name);

// The columns of every statement that returns users, in select-list order (each store's
// read_user reads them by position).
enum class UserColumn : std::uint8_t {
  kId,
  kPassword,
  kLastLogin,
  kIsSuperuser,
  kUsername,
  kFirstName,
  kLastName,
  kEmail,
  kIsStaff,
  kIsActive,
  kDateJoined,
  kSecret,
};

// The position of `column` in a returned row.
constexpr int column_index(UserColumn column) { return static_cast<int>(column); }

// Parameters are numbered from 1 (UserSqlDialect::param).
enum class UserStatement : std::uint8_t {
  kFindByUsername,   // 1 username
  kFindById,         // 1 id
  kCreate,           // the values UserSqlDialect::insert_value gave, in its call order
  kSetPassword,      // 1 password, 2 username
  kReplacePassword,  // 1 new, 2 id, 3 expected
  kSetActive,        // 1 flag, 2 username; "" when the table has no is_active
  kSetSecret,        // 1 secret, 2 username; "" without a secret column
  kUpdateLastLogin,  // 1 time (UserSqlDialect::login_time), 2 id; "" without last_login
  kList,
  kRemove,  // left "": each store deletes a user and Django's cascades its own way
  kCount,
};

inline constexpr std::size_t kUserStatementCount = static_cast<std::size_t>(UserStatement::kCount);
using UserStatementTexts = std::array<std::string, kUserStatementCount>;

// A name for `column` that does not depend on the table ("id", "username", "secret", …); for
// AbstractUser's fixed columns (is_active, …) it is also the column's name.
std::string_view user_column_label(UserColumn column);

// What a dialect decides; everything else in the statements is common.
struct UserSqlDialect {
  // Parameter `n`: "?1" in SQLite, "$1" in PostgreSQL.
  std::function<std::string(int n)> param;
  // The literals a flag column the table lacks reads as.
  std::string_view false_literal;
  std::string_view true_literal;
  // The select-list expression of a column the table has, from its quoted name.
  std::function<std::string(UserColumn column, const std::string& quoted)> read;
  // The value create() inserts into `column`; called once for each column it writes, in order.
  std::function<std::string(UserColumn column)> insert_value;
  // The value update_last_login writes, from its parameter.
  std::function<std::string(const std::string& param)> login_time;
};

// Every statement but kRemove. create() inserts only the columns the table has, in one
// INSERT … SELECT … WHERE NOT EXISTS: the uniqueness check and the insert are one statement, so
// a username is never taken twice even on a table whose username column lacks UNIQUE.
UserStatementTexts build_user_statements(const UserTableShape& table,
                                         const UserSqlDialect& dialect);

}  // namespace restjwt::detail
