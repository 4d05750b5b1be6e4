// Django 3.2's `contenttypes` and `auth` tables, as `manage.py migrate` leaves them, for both user
// stores to create when they start a database by themselves. One table of tables, columns and
// constraints; each store's dialect is only how that table is spelled.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace restjwt::detail {

enum class SqlDialect : std::uint8_t { kSqlite, kPostgres };

// The DDL statements, in order, that give the tables exactly as Django's migrate makes them in
// `dialect`: in SQLite the same text sqlite_master then holds (Django compares nothing, but a
// test compares it with what the real Django writes), in PostgreSQL the same catalog.
std::vector<std::string> django_auth_schema_ddl(SqlDialect dialect);

struct DjangoMigration {
  std::string_view app;
  std::string_view name;
};

// The migrations those tables come from, in the order Django applies them (contenttypes first,
// because auth depends on it): recorded in django_migrations, they make Django's migrate adopt
// the database and run only its other apps.
std::span<const DjangoMigration> django_auth_migrations();

}  // namespace restjwt::detail
