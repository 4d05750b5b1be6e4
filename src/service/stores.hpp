// Opening what a Config's [database] names: the user store and the login-throttle counters.
#pragma once

#include <memory>

#include "restjwt/config.hpp"
#include "restjwt/outstanding_tokens.hpp"
#include "restjwt/revocation_store.hpp"
#include "restjwt/service.hpp"
#include "restjwt/throttle.hpp"
#include "restjwt/user_store.hpp"

namespace restjwt::detail {

// The user store, as serve opens it: a missing SQLite file is created with Django's schema when
// `create_if_missing` (and `created` says so); PostgreSQL tables are never created.
Expected<std::unique_ptr<UserStore>, StartError> open_store(const Config& config,
                                                            bool create_if_missing, bool& created);

// In memory on one node; in the shared database when several nodes must count together (an
// explicit choice: it adds the restjwt_throttle table to the database).
Expected<std::unique_ptr<ThrottleCounters>, StartError> open_throttle_counters(
    const Config& config);

// The revocation tables of [database] (created when missing), for JWT_TOKEN_ID on; the user
// commands open them too, to set cut-offs.
Expected<std::unique_ptr<RevocationStore>, StartError> open_revocation_store(const Config& config);
// [simplejwt]'s token_blacklist tables in the user database, created when missing.
Expected<std::shared_ptr<OutstandingTokenStore>, StartError> open_outstanding_tokens(
    const Config& config);

}  // namespace restjwt::detail
