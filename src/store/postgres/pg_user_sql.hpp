// The SQL of every statement PostgresUserStore prepares, built once from the inspected table,
// and the reading of a User from the rows they return.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "restjwt/user.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_user_table.hpp"

namespace restjwt::detail::pg {

enum class Sql : std::uint8_t {
  kFindByUsername,   // $1 username
  kFindById,         // $1 id
  kCreate,           // the parameters listed in UserSql::create_fields, in order
  kSetPassword,      // $1 password, $2 username
  kReplacePassword,  // $1 new, $2 id, $3 expected
  kSetActive,        // $1 boolean, $2 username
  kSetSecret,        // $1 secret, $2 username
  kUpdateLastLogin,  // $1 microseconds since the epoch, $2 id
  kList,
  kRemove,  // $1 username; also deletes the cascade rows
  kCount,
};

// What create() binds, in parameter order; only the fields the table has a column for.
enum class Field : std::uint8_t {
  kPassword,
  kUsername,
  kEmail,
  kIsSuperuser,
  kIsStaff,
  kIsActive,
  kFirstName,
  kLastName,
  kDateJoined,  // microseconds since the epoch
};

struct UserSql {
  std::array<std::string, static_cast<std::size_t>(Sql::kCount)> text;
  std::vector<Field> create_fields;

  [[nodiscard]] const std::string& operator[](Sql which) const {
    return text[static_cast<std::size_t>(which)];
  }
};

UserSql build_user_sql(const UserTable& table);

// A User from row `row` of a result of a statement built by build_user_sql.
User read_user(const PGresult* result, int row, const UserTable& table);

}  // namespace restjwt::detail::pg
