// Login-throttle counters in a table of the shared PostgreSQL database (`[throttle] storage =
// "database"`): every node behind the load balancer counts in the same place, so an attacker
// gains nothing by spreading guesses over the nodes. Each update is one INSERT … ON CONFLICT …
// RETURNING statement, atomic between nodes.
#pragma once

#include <memory>

#include "restjwt/postgres_user_store.hpp"
#include "restjwt/throttle.hpp"

namespace restjwt {

// Connects with `options` (url, timeouts; schema and create_if_missing are not used) and creates
// the restjwt_throttle table if it is missing. Keeps a pool of at most two connections: each call
// is one short statement, bounded by statement_timeout.
StoreResult<std::unique_ptr<ThrottleCounters>> open_postgres_throttle_counters(
    const PostgresStoreOptions& options);

}  // namespace restjwt
