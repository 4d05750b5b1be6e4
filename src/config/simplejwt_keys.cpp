// [simplejwt]: simplejwt's SIMPLE_JWT settings in their own spelling (docs/configuration.md).
#include <array>

#include "config/config_keys.hpp"
#include "restjwt/http.hpp"
#include "restjwt/keys.hpp"

namespace restjwt::detail {
namespace {

constexpr auto P = &Config::simplejwt;
constexpr auto O = &SimpleJwtConfig::options;
using S = SimpleJwtOptions;

constexpr std::array<std::string_view, 3> kHmacAlgorithms{"HS256", "HS384", "HS512"};

// A lifetime or window in whole seconds, at least one.
template <auto Member>
ConfigKey positive_seconds_key(std::string_view name) {
  return key<P, O, Member>(
      name,
      [](const ConfigValue& v) -> Expected<std::chrono::seconds, ConfigError> {
        auto seconds = to_duration(v);
        if (!seconds) return seconds;
        if (seconds->count() < 1) return unexpected(invalid(v, "at least 1 second"));
        return seconds;
      },
      [](std::chrono::seconds d) { return std::optional<std::string>(std::to_string(d.count())); });
}

bool is_header_type(std::string_view word) {
  if (word.empty()) return false;
  for (const char c : word) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return false;
  }
  return true;
}

}  // namespace

std::span<const ConfigKey> simplejwt_keys() {
  static const std::vector<ConfigKey> keys{
      flag_key<P, &SimpleJwtConfig::enabled>("enabled"),
      positive_seconds_key<&S::access_token_lifetime>("access_token_lifetime"),
      positive_seconds_key<&S::refresh_token_lifetime>("refresh_token_lifetime"),
      flag_key<P, O, &S::rotate_refresh_tokens>("rotate_refresh_tokens"),
      flag_key<P, O, &S::blacklist_after_rotation>("blacklist_after_rotation"),
      seconds_key<P, O, &S::reuse_grace>("reuse_grace"),
      secret_key<P, O, &S::signing_key>("signing_key", "redacted"),
      string_key<P, O, &S::algorithm>(
          "algorithm", [](const ConfigValue& v) { return to_choice(v, kHmacAlgorithms); }),
      list_key<P, O, &S::auth_header_types>("auth_header_types", is_header_type,
                                            "words without spaces, e.g. [\"Bearer\"]"),
      route_key<P, O, &S::routes, &SimpleJwtRoutes::obtain>("obtain"),
      route_key<P, O, &S::routes, &SimpleJwtRoutes::refresh>("refresh"),
      route_key<P, O, &S::routes, &SimpleJwtRoutes::verify>("verify"),
      route_key<P, O, &S::routes, &SimpleJwtRoutes::blacklist>("blacklist"),
  };
  return keys;
}

Expected<void, ConfigError> check_simplejwt(Config& config) {
  const SimpleJwtConfig& simplejwt = config.simplejwt;
  if (!simplejwt.enabled) return {};
  if (simplejwt.options.auth_header_types.empty()) {
    return unexpected(std::string("[simplejwt] auth_header_types: at least one is needed"));
  }
  // drf-jwt's class comes first and compares its prefixes case-insensitively: a header type it
  // also claims would never reach simplejwt's.
  for (const std::string& type : simplejwt.options.auth_header_types) {
    for (const std::string& prefix : config.jwt.auth_header_prefixes) {
      if (iequals(type, prefix)) {
        return unexpected("[simplejwt] auth_header_types: \"" + type +
                          "\" is also JWT_AUTH_HEADER_PREFIX, whose drf-jwt tokens take those "
                          "headers first");
      }
    }
  }
  // SIGNING_KEY defaults to Django's SECRET_KEY, which is JWT_SECRET_KEY's default too.
  const std::string& secret =
      simplejwt.options.signing_key.empty() ? config.jwt.secret_key : simplejwt.options.signing_key;
  const auto algorithm = algorithm_from_name(simplejwt.options.algorithm);
  if (!algorithm) return unexpected(std::string("[simplejwt] algorithm: unknown"));
  if (auto key = Key::hmac_secret(*algorithm, secret); !key) {
    return unexpected(std::string(simplejwt.options.signing_key.empty()
                                      ? "[simplejwt] needs signing_key or JWT_SECRET_KEY: "
                                      : "[simplejwt] signing_key: ") +
                      key.error());
  }
  if (simplejwt.options.blacklist_after_rotation && !simplejwt.options.rotate_refresh_tokens) {
    config.warnings.emplace_back(
        "[simplejwt] blacklist_after_rotation without rotate_refresh_tokens: nothing is rotated, "
        "so nothing is blacklisted after a rotation");
  }
  return {};
}

}  // namespace restjwt::detail
