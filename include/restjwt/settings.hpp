// Settings: drf-jwt's JWT_AUTH, with the same names and defaults (docs/configuration.md).
//
// Each member names the drf-jwt setting it mirrors. The server reads them from the [jwt_auth]
// table of its TOML file, then from environment variables of the same names (config.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "restjwt/expected.hpp"
#include "restjwt/keys.hpp"

namespace restjwt {

// JWT_TOKEN_ID, as drf-jwt's maintained fork names it: whether tokens carry a `jti` (a random
// 128-bit id), which is what lets one token, or one chain of refreshed tokens, be revoked
// (docs/sessions.md). "off", drf-jwt's own behaviour, turns revocation off.
enum class TokenId : std::uint8_t {
  kOff,      // no jti; nothing can be revoked; the revoke route is not served
  kInclude,  // new tokens carry a jti; tokens without one are still accepted
  kRequire,  // as include, and a token without a jti is refused ("Invalid token.")
};

struct Settings {
  std::string secret_key;                      // JWT_SECRET_KEY (no default: none is safe)
  Algorithm algorithm = Algorithm::kHS256;     // JWT_ALGORITHM
  std::string private_key;                     // JWT_PRIVATE_KEY (PEM; signs when set)
  std::string public_key;                      // JWT_PUBLIC_KEY (PEM; verifies when set)
  std::string get_user_secret_key;             // JWT_GET_USER_SECRET_KEY ("column:<name>")
  bool verify = true;                          // JWT_VERIFY (false is refused)
  bool verify_expiration = true;               // JWT_VERIFY_EXPIRATION
  std::chrono::seconds leeway{0};              // JWT_LEEWAY
  std::chrono::seconds expiration_delta{300};  // JWT_EXPIRATION_DELTA
  std::optional<std::string> audience;         // JWT_AUDIENCE
  std::optional<std::string> issuer;           // JWT_ISSUER
  bool allow_refresh = false;                  // JWT_ALLOW_REFRESH
  std::chrono::seconds refresh_expiration_delta{
      std::chrono::hours(24 * 7)};   // JWT_REFRESH_EXPIRATION_DELTA
  TokenId token_id = TokenId::kOff;  // JWT_TOKEN_ID: off, include, require
  // JWT_AUTH_HEADER_PREFIX: the words accepted before the token in Authorization, compared
  // case-insensitively; the first is the one WWW-Authenticate names. drf-jwt takes one word; a
  // list (["JWT", "Bearer"]) lets clients of both conventions in during a migration.
  std::vector<std::string> auth_header_prefixes{"JWT"};
  std::optional<std::string> auth_cookie;         // JWT_AUTH_COOKIE
  bool auth_cookie_secure = true;                 // JWT_AUTH_COOKIE_SECURE
  std::string auth_cookie_samesite = "Lax";       // JWT_AUTH_COOKIE_SAMESITE: Lax, Strict, None
  std::optional<std::string> auth_cookie_domain;  // JWT_AUTH_COOKIE_DOMAIN
  std::string auth_cookie_path = "/";             // JWT_AUTH_COOKIE_PATH
  // The user model's USERNAME_FIELD ([users] username_field); the payload handler adds a claim
  // of that name, as drf-jwt does (a no-op for "username" and "email").
  std::string username_field = "username";
  // The hooks (library: see hooks.hpp). In the config, the name of a hook the server registered;
  // empty means drf-jwt's default.
  std::string payload_handler;               // JWT_PAYLOAD_HANDLER
  std::string response_payload_handler;      // JWT_RESPONSE_PAYLOAD_HANDLER
  std::string payload_get_username_handler;  // JWT_PAYLOAD_GET_USERNAME_HANDLER
  std::string encode_handler;                // JWT_ENCODE_HANDLER
  std::string decode_handler;                // JWT_DECODE_HANDLER
};

// The keys that sign and verify tokens for these settings: the one place that decides it
// (TokenChecker::create and the config's validation both call it). drf-jwt: JWT_PRIVATE_KEY or the
// secret signs, JWT_PUBLIC_KEY or the secret verifies; restjwt also verifies with the public half
// of JWT_PRIVATE_KEY when no public key is given. With `per_user_secret` (JWT_GET_USER_SECRET_KEY,
// HMAC algorithms only) both are absent: each user's own secret is the key. Errors are start-up
// messages: JWT_VERIFY = false, a missing or short secret, a key that does not fit JWT_ALGORITHM.
struct KeyPair {
  std::optional<Key> signing;       // absent when only a public key is configured
  std::optional<Key> verification;  // absent only with a per-user secret
};
Expected<KeyPair, std::string> make_keys(const Settings& settings, bool per_user_secret);

}  // namespace restjwt
