// djangorestframework-simplejwt 5.2's token_blacklist tables as its migrations leave them, and
// restjwt's side table of refresh-token families (outstanding_tokens.hpp).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace restjwt::detail {

// The DDL, in order, that gives the two tables exactly as Django's migrate makes them in SQLite
// (the text sqlite_master then holds), user_id referring to `user_table`'s id.
std::vector<std::string> token_blacklist_ddl_sqlite(const std::string& user_table);

// The same in PostgreSQL: Django's columns, types, unique constraints, deferred foreign keys and
// indexes (`user_type`: "integer" or "uuid", the user table's key).
std::vector<std::string> token_blacklist_ddl_postgres(const std::string& user_table,
                                                      const std::string& user_type);

// token_blacklist's migrations, in the order Django applies them: recorded in django_migrations,
// they make Django's migrate adopt tables restjwt created.
std::span<const std::string_view> token_blacklist_migrations();

// restjwt_refresh_family: jti → the family's first jti, and when restjwt rotated the token.
inline constexpr const char* kRefreshFamilyDdlSqlite =
    "CREATE TABLE IF NOT EXISTS restjwt_refresh_family ("
    " jti varchar(255) NOT NULL PRIMARY KEY,"
    " family varchar(255) NOT NULL,"
    " rotated_at integer NULL"
    ") WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS restjwt_refresh_family_family ON restjwt_refresh_family (family)";

inline constexpr const char* kRefreshFamilyDdlPostgres =
    "CREATE TABLE IF NOT EXISTS restjwt_refresh_family ("
    " jti varchar(255) NOT NULL PRIMARY KEY,"
    " family varchar(255) NOT NULL,"
    " rotated_at bigint NULL);"
    "CREATE INDEX IF NOT EXISTS restjwt_refresh_family_family ON restjwt_refresh_family (family)";

}  // namespace restjwt::detail
