// Revocations in two tables of the shared PostgreSQL database (docs/sessions.md): every node sees
// the same denylist and cut-offs, each through its own cache (TokenRevocations), within one poll
// interval.
#pragma once

#include <memory>

#include "restjwt/postgres_user_store.hpp"
#include "restjwt/revocation_store.hpp"

namespace restjwt {

// Connects with `options` (url, timeouts; schema and create_if_missing are not used) and creates
// restjwt_revoked_tokens and restjwt_user_cutoffs if missing. Keeps a pool of at most two
// connections: each call is one short statement, bounded by statement_timeout.
StoreResult<std::unique_ptr<RevocationStore>> open_postgres_revocation_store(
    const PostgresStoreOptions& options);

}  // namespace restjwt
