// Hooks: the C++ face of drf-jwt's JWT_PAYLOAD_HANDLER, JWT_RESPONSE_PAYLOAD_HANDLER,
// JWT_PAYLOAD_GET_USERNAME_HANDLER and JWT_GET_USER_SECRET_KEY. Passed explicitly (no global
// registry); default_hooks() reproduces drf-jwt 1.11. Hooks are called concurrently from many
// threads and must be thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "restjwt/http.hpp"
#include "restjwt/jwt.hpp"
#include "restjwt/settings.hpp"
#include "restjwt/user.hpp"

namespace restjwt {

struct Hooks {
  // jwt_payload_handler(user): a new token's claims (wire contract §4). `now` is the clock's time.
  std::function<Claims(const User& user, const Settings& settings, std::int64_t now)> payload;
  // jwt_response_payload_handler(token, user, request): the JSON body of a successful obtain,
  // verify or refresh. drf-jwt's default is {"token": token}.
  std::function<Claims(const std::string& token, const User& user, const HttpRequest& request)>
      response_payload;
  // jwt_get_username_from_payload_handler(payload): the username claim, or nullopt when the
  // claim is missing or null. Must not look at anything but the payload.
  std::function<std::optional<Claims>(const Claims& payload)> username_from_payload;
  // jwt_get_secret_key(user): the user's own HMAC secret, when JWT_GET_USER_SECRET_KEY is set.
  // Empty function: no per-user secret.
  std::function<std::optional<std::string>(const User& user)> user_secret;
};

// drf-jwt's defaults. With a per-user secret column configured the server sets `user_secret`.
Hooks default_hooks();

// drf-jwt's jwt_payload_handler, for hooks that extend it. With JWT_TOKEN_ID on it ends with
// `iat` (unless JWT_ALLOW_REFRESH put `orig_iat` there) and `jti` (random_token_id()): what
// revocation needs (docs/sessions.md). A payload handler of your own that does not extend it adds
// them itself, or its tokens cannot be revoked one by one.
Claims default_payload(const User& user, const Settings& settings, std::int64_t now);

// A new token id: a random version-4 UUID in its dashed form (str(uuid.uuid4()), as drf-jwt's
// maintained fork makes its `jti`), 122 random bits from OpenSSL's CSPRNG.
std::string random_token_id();

}  // namespace restjwt
