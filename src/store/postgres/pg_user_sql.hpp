// PostgreSQL's spelling of the user statements (store/common/user_statements.hpp), and the
// reading of a User from the rows they return.
#pragma once

#include <string>
#include <vector>

#include "restjwt/user.hpp"
#include "store/common/user_statements.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_user_table.hpp"

namespace restjwt::detail::pg {

// Parameters: $1, $2, $3 as UserStatement lists them, in text format; create: the values of
// create_fields, in order; update_last_login and date_joined: microseconds since the epoch.
// kRemove deletes the user named by $1 and its cascade rows in one statement.
struct UserSql {
  UserStatementTexts text;
  // What create() binds, in parameter order: only the columns the table has and the database
  // does not generate (uuid keys and secrets are gen_random_uuid()).
  std::vector<UserColumn> create_fields;

  [[nodiscard]] const std::string& operator[](UserStatement which) const {
    return text[static_cast<std::size_t>(which)];
  }
};

UserSql build_user_sql(const UserTable& table);

// A User from row `row` of a result of a statement built by build_user_sql (UserColumn order).
User read_user(const PGresult* result, int row, const UserTable& table);

}  // namespace restjwt::detail::pg
