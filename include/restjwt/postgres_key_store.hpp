// The key ring in a table of the shared PostgreSQL database (`[keys] storage = "database"`): every
// node reads the same ring, so a key one node generates or activates reaches the others at their
// next poll. Each write is one statement, or one transaction that first locks the table against
// other writers (readers are not blocked).
#pragma once

#include <memory>

#include "restjwt/key_ring.hpp"
#include "restjwt/postgres_user_store.hpp"

namespace restjwt {

// Connects with `options` (url, timeouts; schema and create_if_missing are not used) and creates
// the restjwt_keys table if it is missing. At most two connections; every call is one short
// statement or transaction, bounded by statement_timeout.
StoreResult<std::unique_ptr<KeyStore>> open_postgres_key_store(const PostgresStoreOptions& options);

}  // namespace restjwt
