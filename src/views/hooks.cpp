#include "restjwt/hooks.hpp"

#include <nlohmann/json.hpp>

namespace restjwt {

// drf-jwt 1.11 jwt_payload_handler: user_id, username, exp, email (when the user model has one),
// the username field's own claim (a no-op for "username" and "email"), orig_iat, aud, iss.
Claims default_payload(const User& user, const Settings& settings, std::int64_t now) {
  Claims payload = Claims::object();
  if (const auto* id = std::get_if<std::int64_t>(&user.id)) {
    payload["user_id"] = *id;
  } else {
    payload["user_id"] = std::get<std::string>(user.id);  // str(uuid)
  }
  payload["username"] = user.username;
  payload["exp"] = now + settings.expiration_delta.count();
  if (user.email) {
    payload["email"] = *user.email;
  }
  if (!settings.username_field.empty() && settings.username_field != "username") {
    payload[settings.username_field] = user.username;  // payload[username_field] = username
  }
  if (settings.allow_refresh) {
    payload["orig_iat"] = now;
  }
  if (settings.audience) {
    payload["aud"] = *settings.audience;
  }
  if (settings.issuer) {
    payload["iss"] = *settings.issuer;
  }
  if (settings.token_id != TokenId::kOff) {
    // The issue time a user's "logged out everywhere" cut-off is compared with (orig_iat when
    // JWT_ALLOW_REFRESH put one there), then the id a logout revokes.
    if (!settings.allow_refresh) payload["iat"] = now;
    payload["jti"] = random_token_id();
  }
  return payload;
}

Hooks default_hooks() {
  Hooks hooks;
  hooks.payload = default_payload;
  hooks.response_payload = [](const std::string& token, const User&, const HttpRequest&) {
    Claims body = Claims::object();
    body["token"] = token;
    return body;
  };
  hooks.username_from_payload = [](const Claims& payload) -> std::optional<Claims> {
    const auto it = payload.find("username");
    if (it == payload.end()) return std::nullopt;
    return *it;
  };
  return hooks;
}

}  // namespace restjwt
