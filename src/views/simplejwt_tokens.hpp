// simplejwt's Token classes (rest_framework_simplejwt/tokens.py, 5.2): the refresh and access
// tokens' claims, their signing (PyJWT 2's header), and their checks with simplejwt's messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "restjwt/clock.hpp"
#include "restjwt/expected.hpp"
#include "restjwt/jwt.hpp"
#include "restjwt/outstanding_tokens.hpp"
#include "restjwt/simplejwt.hpp"
#include "restjwt/user.hpp"

namespace restjwt::detail {

// A TokenError's message ("Token is invalid or expired", "Token has wrong type", …).
using TokenErrorMessage = std::string;

inline constexpr std::string_view kRefreshType = "refresh";
inline constexpr std::string_view kAccessType = "access";

struct SignedToken {
  std::string token;
  Claims payload;
};

class SimpleJwtTokens {
 public:
  // `default_key`: JWT_SECRET_KEY, used when the options give no signing_key. Errors are
  // start-up messages (an unknown or non-HMAC algorithm, an unusable key).
  static Expected<SimpleJwtTokens, std::string> create(const SimpleJwtOptions& options,
                                                       std::string_view default_key, Clock clock);

  // RefreshToken.for_user(user): token_type, exp, iat, jti, user_id.
  [[nodiscard]] Expected<SignedToken> refresh_for(const User& user) const;
  // RefreshToken.access_token: a new access token carrying the refresh token's other claims
  // (its iat among them), expiring access_token_lifetime from now.
  [[nodiscard]] Expected<SignedToken> access_from(const Claims& refresh) const;
  // The rotation: the refresh token's claims with a new jti, exp and iat.
  [[nodiscard]] Expected<SignedToken> rotated(Claims refresh) const;

  // Token(token)'s decoding: the signature and PyJWT's claim checks; any failure is
  // "Token is invalid or expired".
  [[nodiscard]] Expected<Claims, TokenErrorMessage> decode(std::string_view token) const;
  // Token.verify() after decoding: exp, jti, and the token_type unless `type` is empty (simplejwt's
  // UntypedToken).
  [[nodiscard]] std::optional<TokenErrorMessage> check(const Claims& payload,
                                                       std::string_view type) const;

  // The token_blacklist row for a decoded refresh token, as RefreshToken.blacklist() would create
  // it (no user, no created_at) — or, with `user`, as for_user() does.
  [[nodiscard]] static OutstandingToken outstanding(const std::string& token, const Claims& payload,
                                                    bool with_user);

  [[nodiscard]] std::int64_t now() const { return clock_(); }

 private:
  struct State;
  SimpleJwtTokens(std::shared_ptr<const State> state, Clock clock)
      : state_(std::move(state)), clock_(std::move(clock)) {}
  Expected<SignedToken> sign(Claims payload) const;
  Claims fresh(std::string_view type, std::chrono::seconds lifetime) const;

  std::shared_ptr<const State> state_;
  Clock clock_;
};

// The jti claim as the token_blacklist tables key it (str() of it, as Django's CharField lookup
// takes it); nullopt when the token has none.
std::optional<std::string> jti_of(const Claims& payload);

// The user_id claim as a primary key (an integer, or a UUID's text); nullopt for another type.
std::optional<UserId> simplejwt_user_id(const Claims& payload);

}  // namespace restjwt::detail
