// TokenChecker: the checks every token goes through, and the signing of new ones — shared by the
// authentication class (JwtAuthenticator), the verify and refresh views, and the obtain view.
//
//   check(token): signature and claims (TokenVerifier), then the user the token names:
//     1. the token itself, with the configured key — or, with a per-user secret, with the secret
//        of the user its `user_id` claim names;
//     2. the `username` claim (JWT_PAYLOAD_GET_USERNAME_HANDLER): missing, null or "" is an
//        invalid payload, not a string an unknown user;
//     3. that user, by the username field, exactly: unknown, or inactive;
//     4. with a per-user secret, `user_id` and `username` must name the same user.
//   With JWT_TOKEN_ID = "require", a token without a string `jti` is refused after step 1; with
//   revocations (token_revocations.hpp), a revoked jti or orig_jti is refused before step 2 and a
//   token issued before its user's cut-off after step 4 — both answered from memory.
//   sign(payload, user): with JWT_PRIVATE_KEY or JWT_SECRET_KEY, or the user's own secret.
//
// With a key ring (TokenKeys::ring, key_ring.hpp) the ring's active key signs, its kid in the
// header, and the header's kid and alg pick the verification key among the ring's; the
// settings' static keys are not used. With another issuer's keys (TokenKeys::remote,
// remote_jwks.hpp), check_authentication() also accepts that issuer's tokens: the ones whose
// `iss` is TokenKeys::remote_rules.issuer are verified with its keys only, and name their user by
// remote_rules.username_claim.
//
// Built once, at start-up: create() loads the keys and decides the per-user-secret policy, so no
// request ever parses a PEM key or re-reads a setting. Immutable afterwards and thread-safe;
// check() blocks on the user store (see user_reads_are_local()).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "restjwt/clock.hpp"
#include "restjwt/events.hpp"
#include "restjwt/expected.hpp"
#include "restjwt/hooks.hpp"
#include "restjwt/jwt.hpp"
#include "restjwt/key_source.hpp"
#include "restjwt/settings.hpp"
#include "restjwt/token_revocations.hpp"
#include "restjwt/user.hpp"
#include "restjwt/user_store.hpp"

namespace restjwt {

// The claims another issuer's tokens must carry to authenticate a request (`[remote_jwks]`).
struct RemoteTokenRules {
  std::string issuer;                   // required: `iss` must be exactly this
  std::optional<std::string> audience;  // set: `aud` must hold it; unset: a token with `aud` fails
  std::string username_claim = "username";  // names the local user (by the username field)
};

// Keys beyond the settings' own (make_keys()); both absent by default.
struct TokenKeys {
  std::shared_ptr<const KeySource> ring;    // signs and verifies instead of the static keys
  std::shared_ptr<const KeySource> remote;  // another issuer's published keys: verifies only
  RemoteTokenRules remote_rules;
};

class TokenChecker {
 public:
  // `store` must outlive the checker. A per-user secret is used when `hooks.user_secret` is set
  // and JWT_ALGORITHM is an HMAC. Errors are start-up messages (make_keys(): JWT_VERIFY = false,
  // no key to verify or sign with, a key that does not fit JWT_ALGORITHM; a key ring with a
  // per-user secret; remote keys without an issuer).
  static Expected<std::shared_ptr<const TokenChecker>, std::string> create(
      Settings settings, Hooks hooks, UserStore& store, Clock clock = system_clock(),
      std::shared_ptr<Events> events = ignore_events(), TokenKeys keys = {},
      std::shared_ptr<const TokenRevocations> revocations = nullptr);

  TokenChecker(const TokenChecker&) = delete;
  TokenChecker& operator=(const TokenChecker&) = delete;
  ~TokenChecker();

  // The user the token names, as stored now (active), and its verified payload in `*payload` when
  // given. Errors: the token and user codes of error.hpp; kServiceUnavailable when the database
  // cannot be reached and kInternal for another store fault (both reported to
  // Events::store_fault).
  [[nodiscard]] Expected<User> check(std::string_view token, Claims* payload = nullptr) const;

  // check() for the authentication class of protected routes: also accepts the tokens of the
  // remote issuer (TokenKeys::remote), the only difference.
  [[nodiscard]] Expected<User> check_authentication(std::string_view token) const;

  // The token for `payload`, signed for `user`. kUserSecretMissing when a per-user secret is
  // configured and the user has no usable one; kInternal (reported to Events::key_fault) when
  // there is no key to sign with at all.
  [[nodiscard]] Expected<std::string> sign(const Claims& payload, const User& user) const;

  [[nodiscard]] const Settings& settings() const noexcept;
  [[nodiscard]] const Hooks& hooks() const noexcept;
  [[nodiscard]] UserStore& store() const noexcept;
  [[nodiscard]] Events& events() const noexcept;
  [[nodiscard]] std::int64_t now() const;
  // True when check()'s user lookups are local reads (UserStore::reads_are_local): a server may
  // then check tokens on its I/O threads.
  [[nodiscard]] bool user_reads_are_local() const;
  // False when only a public key is configured: this checker verifies, it cannot issue tokens.
  [[nodiscard]] bool can_sign() const noexcept;
  // The revocations check() honours; null when JWT_TOKEN_ID is off or none were given.
  [[nodiscard]] const TokenRevocations* revocations() const noexcept;

  struct State;

 private:
  explicit TokenChecker(std::unique_ptr<State> state);
  std::unique_ptr<const State> state_;
};

}  // namespace restjwt
