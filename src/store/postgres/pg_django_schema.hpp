// Django 3.2's `auth` and `contenttypes` tables for PostgreSQL, for `restjwt createuser` against
// an empty database.
#pragma once

#include <string>

#include "store/postgres/pg_connection.hpp"

namespace restjwt::detail::pg {

// Creates the tables and records their migrations (applied at `applied_micros`, microseconds
// since the epoch) in one transaction, under an advisory lock so that two processes creating at
// once serialise. Does nothing when auth_user exists by then; kInvalid when the database already
// has Django's migrations table but no auth_user (that is Django's migrate's job).
StoreResult<void> create_django_auth_schema(Connection& connection,
                                            const std::string& applied_micros);

}  // namespace restjwt::detail::pg
