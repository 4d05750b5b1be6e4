// `restjwt keys list`: the ring as a table or as JSON, with times in UTC; never a secret.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "restjwt/key_ring.hpp"

namespace restjwt::cli {

// "2027-01-15 08:00:00 UTC"; "-" for 0.
std::string utc_time(std::int64_t epoch_seconds);

// KID, ALG, STATE, CREATED, ACTIVATED, RETIRED, VERIFIES UNTIL (retired keys: when they go),
// SEALED: one line each, the active key first.
std::string keys_as_table(std::vector<StoredKey> keys, std::chrono::seconds token_lifetime);

// [{"kid","algorithm","state","created_at","activated_at","retired_at","verifies_until",
// "sealed"}] with epoch seconds (0: never).
std::string keys_as_json(std::vector<StoredKey> keys, std::chrono::seconds token_lifetime);

}  // namespace restjwt::cli
