// The checks every token goes through (SPEC §5, §6, §10), shared by the authentication class and
// the verify and refresh views: signature and claims, then the user the token names.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "restjwt/hooks.hpp"
#include "restjwt/jwt.hpp"
#include "restjwt/settings.hpp"
#include "restjwt/user.hpp"
#include "restjwt/user_store.hpp"

namespace restjwt::detail {

struct CheckedToken {
  Claims payload;
  User user;
};

class TokenChecker {
 public:
  // `verification_key` is absent only with a per-user secret (hooks.user_secret set).
  TokenChecker(const Settings& settings, std::optional<Key> verification_key, UserStore& store,
               const Hooks& hooks, Clock clock);

  // Errors: the SPEC §5–§6 codes, kUserMismatch (§15.5), kServiceUnavailable when the database
  // cannot be reached, kInternal for other store faults.
  Expected<CheckedToken> check(std::string_view token) const;

  // The key to sign a new token for `user` with (JWT_PRIVATE_KEY, the user's secret, or
  // JWT_SECRET_KEY); kInternal when the user has no usable secret.
  Expected<Key> signing_key(const User& user, const std::optional<Key>& configured) const;

  const Clock& clock() const { return clock_; }

 private:
  Expected<Key> key_for_user_id(const Claims& payload, std::optional<User>& secret_owner) const;
  Expected<User> user_named_by(const Claims& payload) const;

  const Settings& settings_;
  std::optional<TokenVerifier> fixed_verifier_;
  ClaimRules rules_;
  UserStore& store_;
  const Hooks& hooks_;
  Clock clock_;
};

// Store failures as token errors: unreachable → kServiceUnavailable, else kInternal.
ErrorCode store_error_code(const StoreError& error);

}  // namespace restjwt::detail
