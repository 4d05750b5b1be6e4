// Django 3.2's own schema for `auth_user`, created when restjwt starts a database by itself.
#pragma once

#include <string>

#include "store/sqlite/connection.hpp"

namespace restjwt::detail {

// In one transaction on an empty database: the tables of Django's `contenttypes` and `auth` apps
// exactly as `manage.py migrate` creates them on SQLite (same DDL text, indexes, constraints), and
// their migrations recorded in django_migrations at `applied`, so that a Django project pointed
// at the file later migrates only its other apps. Does nothing when another process created a
// table in the meantime.
StoreResult<void> create_django_auth_schema(SqliteConnection& connection,
                                            const std::string& applied);

}  // namespace restjwt::detail
