// [jwt_auth]: drf-jwt's JWT_AUTH settings by their names (docs/configuration.md).
#include <algorithm>
#include <array>

#include "config/config_keys.hpp"

namespace restjwt::detail {
namespace {

using Kind = ConfigKey::Kind;
constexpr auto J = &Config::jwt;

Expected<Algorithm, ConfigError> to_algorithm(const ConfigValue& v) {
  if (const auto* s = std::get_if<std::string>(&v.value)) {
    if (auto algorithm = algorithm_from_name(*s)) return *algorithm;
  }
  return unexpected(invalid(v, "one of " + std::string(algorithm_names())));
}

// A cookie name or attribute value must not break the Set-Cookie header.
Expected<std::string, ConfigError> to_cookie_token(const ConfigValue& v) {
  auto s = to_nonempty_string(v);
  if (!s) return s;
  for (const char c : *s) {
    if (c == ';' || c == ',' || c == ' ' || c == '\t' || c == '=' ||
        static_cast<unsigned char>(c) < 0x21 || c == 0x7F) {
      return unexpected(invalid(
          v, "a cookie name or attribute without spaces, ';', ',', '=' or control characters"));
    }
  }
  return s;
}

// One word ("JWT") or a list of them (["JWT", "Bearer"]; comma-separated in the environment).
ConfigKey header_prefixes_key() {
  ConfigKey k = key<J, &Settings::auth_header_prefixes>(
      "JWT_AUTH_HEADER_PREFIX",
      [](const ConfigValue& v) -> Expected<std::vector<std::string>, ConfigError> {
        std::vector<std::string> words;
        if (const auto* one = std::get_if<std::string>(&v.value)) {
          words.push_back(*one);
        } else if (const auto* list = std::get_if<ConfigValue::List>(&v.value)) {
          words = *list;
        }
        bool ok = !words.empty();
        for (std::size_t i = 0; ok && i < words.size(); ++i) {
          ok = !words[i].empty() && std::none_of(words[i].begin(), words[i].end(), [](char c) {
            return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F;
          });
          for (std::size_t j = 0; ok && j < i; ++j) ok = !iequals(words[i], words[j]);
        }
        if (!ok) {
          return unexpected(
              invalid(v, R"(a word without whitespace ("JWT"), or a list of different )"
                         R"(words (["JWT", "Bearer"]); the first names WWW-Authenticate)"));
        }
        return words;
      },
      [](const std::vector<std::string>& words) {
        return std::optional<std::string>(words.size() == 1 ? toml_string(words.front())
                                                            : toml_list(words));
      });
  k.kind = Kind::kList;
  return k;
}

// The handler hooks: the name of a hook the program registered (`restjwt serve` registers none).
template <auto Member>
ConfigKey hook_key(std::string_view name) {
  return key<J, Member>(name, to_nonempty_string,
                        [](const std::string& s) -> std::optional<std::string> {
                          if (s.empty()) return std::nullopt;
                          return toml_string(s);
                        });
}

constexpr std::array<std::string_view, 3> kSameSite{"Lax", "Strict", "None"};
constexpr std::array<std::string_view, 3> kTokenIds{"off", "include", "require"};

}  // namespace

std::span<const ConfigKey> jwt_auth_keys() {
  using S = Settings;
  static const std::vector<ConfigKey> keys{
      secret_key<J, &S::secret_key>("JWT_SECRET_KEY", "redacted"),
      key<J, &S::algorithm>(
          "JWT_ALGORITHM", to_algorithm,
          [](Algorithm a) { return std::optional<std::string>(toml_string(to_string(a))); }),
      secret_key<J, &S::private_key>("JWT_PRIVATE_KEY", "redacted"),
      // Not a secret, but a multi-line PEM: printed as its length, like the secrets.
      secret_key<J, &S::public_key>("JWT_PUBLIC_KEY", "PEM"),
      hook_key<&S::get_user_secret_key>("JWT_GET_USER_SECRET_KEY"),
      flag_key<J, &S::verify>("JWT_VERIFY"),
      flag_key<J, &S::verify_expiration>("JWT_VERIFY_EXPIRATION"),
      seconds_key<J, &S::leeway>("JWT_LEEWAY"),
      seconds_key<J, &S::expiration_delta>("JWT_EXPIRATION_DELTA"),
      optional_string_key<J, &S::audience>("JWT_AUDIENCE", to_nonempty_string),
      optional_string_key<J, &S::issuer>("JWT_ISSUER", to_nonempty_string),
      flag_key<J, &S::allow_refresh>("JWT_ALLOW_REFRESH"),
      seconds_key<J, &S::refresh_expiration_delta>("JWT_REFRESH_EXPIRATION_DELTA"),
      choice_key<J, &S::token_id>(
          "JWT_TOKEN_ID", kTokenIds,
          [](std::string_view s) {
            return s == "require"   ? TokenId::kRequire
                   : s == "include" ? TokenId::kInclude
                                    : TokenId::kOff;
          },
          [](TokenId t) {
            return t == TokenId::kRequire ? "require" : t == TokenId::kInclude ? "include" : "off";
          }),
      header_prefixes_key(),
      optional_string_key<J, &S::auth_cookie>("JWT_AUTH_COOKIE", to_cookie_token),
      flag_key<J, &S::auth_cookie_secure>("JWT_AUTH_COOKIE_SECURE"),
      string_key<J, &S::auth_cookie_samesite>(
          "JWT_AUTH_COOKIE_SAMESITE", [](const ConfigValue& v) { return to_choice(v, kSameSite); }),
      optional_string_key<J, &S::auth_cookie_domain>("JWT_AUTH_COOKIE_DOMAIN", to_cookie_token),
      string_key<J, &S::auth_cookie_path>("JWT_AUTH_COOKIE_PATH", to_cookie_token),
      hook_key<&S::payload_handler>("JWT_PAYLOAD_HANDLER"),
      hook_key<&S::response_payload_handler>("JWT_RESPONSE_PAYLOAD_HANDLER"),
      hook_key<&S::payload_get_username_handler>("JWT_PAYLOAD_GET_USERNAME_HANDLER"),
      hook_key<&S::encode_handler>("JWT_ENCODE_HANDLER"),
      hook_key<&S::decode_handler>("JWT_DECODE_HANDLER"),
  };
  return keys;
}

// SameSite=None needs Secure; "__Secure-" names need Secure; "__Host-" names need Secure,
// Path=/ and no Domain.
Expected<void, ConfigError> check_cookie_rules(const Settings& s) {
  if (!s.auth_cookie) return {};
  const std::string& name = *s.auth_cookie;
  if (s.auth_cookie_samesite == "None" && !s.auth_cookie_secure) {
    return unexpected(
        std::string("JWT_AUTH_COOKIE_SAMESITE = \"None\" needs JWT_AUTH_COOKIE_SECURE = true "
                    "(browsers drop it otherwise)"));
  }
  if ((name.starts_with("__Secure-") || name.starts_with("__Host-")) && !s.auth_cookie_secure) {
    return unexpected("JWT_AUTH_COOKIE = \"" + name +
                      "\": a __Secure- or __Host- cookie needs JWT_AUTH_COOKIE_SECURE = true");
  }
  if (name.starts_with("__Host-") && (s.auth_cookie_domain || s.auth_cookie_path != "/")) {
    return unexpected(
        R"(JWT_AUTH_COOKIE = ")" + name +
        R"(": a __Host- cookie needs JWT_AUTH_COOKIE_PATH = "/" and no JWT_AUTH_COOKIE_DOMAIN)");
  }
  return {};
}

}  // namespace restjwt::detail
