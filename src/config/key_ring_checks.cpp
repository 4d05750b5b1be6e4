// The checks of [keys] and [remote_jwks] that span several keys.
#include "config/config_keys.hpp"

namespace restjwt::detail {
namespace {

std::string seconds(std::chrono::seconds s) { return std::to_string(s.count()) + " s"; }

Expected<void, ConfigError> check_keys(Config& config, ConfigPurpose purpose) {
  const KeysConfig& k = config.keys;
  if (k.storage == KeysConfig::Storage::kDirectory && k.directory.empty()) {
    return unexpected(std::string("[keys] storage = \"directory\" needs [keys] directory"));
  }
  if (k.storage != KeysConfig::Storage::kDirectory && !k.directory.empty()) {
    return unexpected(std::string("[keys] directory is set: also set storage = \"directory\""));
  }
  if (!k.enabled()) return {};
  if (!config.jwt.get_user_secret_key.empty()) {
    return unexpected(std::string(
        "[keys] storage and JWT_GET_USER_SECRET_KEY do not go together: with a per-user secret "
        "each user's secret is the key of their tokens, and there is no ring to rotate"));
  }
  if (k.rotate_every.count() > 0) {
    if (k.rotate_every <= k.publish_ahead) {
      return unexpected("[keys] rotate_every (" + seconds(k.rotate_every) +
                        ") must be longer than publish_ahead (" + seconds(k.publish_ahead) + ")");
    }
    // A verifier that fetched the key set just before the next key appeared keeps its copy for
    // jwks_max_age: the next key must be published at least that long before it signs.
    if (k.publish_ahead < k.jwks_max_age) {
      return unexpected("[keys] publish_ahead (" + seconds(k.publish_ahead) +
                        ") must be at least jwks_max_age (" + seconds(k.jwks_max_age) + ")");
    }
  }
  if (purpose == ConfigPurpose::kServe &&
      (!config.jwt.secret_key.empty() || !config.jwt.private_key.empty() ||
       !config.jwt.public_key.empty())) {
    config.warnings.emplace_back(
        "JWT_SECRET_KEY, JWT_PRIVATE_KEY and JWT_PUBLIC_KEY are not used while [keys] storage is "
        "set: the key ring signs and verifies (`restjwt keys import` adds such a key to it)");
  }
  return {};
}

Expected<void, ConfigError> check_remote(const Config& config) {
  const RemoteJwksConfig& r = config.remote_jwks;
  if (!r.enabled()) return {};
  if (r.issuer.empty()) {
    return unexpected(
        std::string("[remote_jwks] issuer is required: only tokens whose iss is "
                    "exactly that issuer are checked with its keys"));
  }
  if (config.jwt.issuer && *config.jwt.issuer == r.issuer) {
    return unexpected(
        std::string("[remote_jwks] issuer is JWT_ISSUER: the remote issuer must be "
                    "another one than this server"));
  }
  if (r.url.starts_with("http://") && !r.allow_http) {
    return unexpected("[remote_jwks] url = \"" + r.url +
                      "\": only https:// (allow_http = true is for tests)");
  }
  if (r.algorithms.empty()) {
    return unexpected(std::string("[remote_jwks] algorithms: expected at least one algorithm"));
  }
  if (r.refresh_before >= r.cache_lifetime) {
    return unexpected(
        std::string("[remote_jwks] refresh_before must be shorter than "
                    "cache_lifetime"));
  }
  return {};
}

}  // namespace

Expected<void, ConfigError> check_key_settings(Config& config, ConfigPurpose purpose) {
  if (auto ok = check_keys(config, purpose); !ok) return ok;
  return check_remote(config);
}

}  // namespace restjwt::detail
