// simplejwt's token_blacklist tables in the shared PostgreSQL database (outstanding_tokens.hpp).
#pragma once

#include <memory>

#include "restjwt/outstanding_tokens.hpp"
#include "restjwt/postgres_user_store.hpp"

namespace restjwt {

// Connects with `options` (url, timeouts, and schema: the user table and its key type that
// user_id refers to) and creates, when missing, the two tables with simplejwt 5.2's columns,
// types and constraints (recording its migrations in django_migrations when Django's table is
// there) and restjwt_refresh_family. At most pool_size connections; every call is one statement
// or one short transaction.
StoreResult<std::unique_ptr<OutstandingTokenStore>> open_postgres_outstanding_tokens(
    const PostgresStoreOptions& options);

}  // namespace restjwt
