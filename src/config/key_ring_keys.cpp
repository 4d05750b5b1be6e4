// [keys] (the key ring) and [remote_jwks] (another issuer's key set); docs/keys.md.
#include <array>

#include "config/config_keys.hpp"

namespace restjwt::detail {
namespace {

using Kind = ConfigKey::Kind;
using Storage = KeysConfig::Storage;
constexpr auto kKeys = &Config::keys;
constexpr auto kRemote = &Config::remote_jwks;

constexpr std::array<std::string_view, 3> kStorages{"config", "database", "directory"};

// The key-encryption key: a secret, never echoed, printed as its length.
ConfigKey kek_key() {
  ConfigKey k;
  k.name = "kek";
  k.kind = Kind::kSecret;
  k.apply = [](const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
    const auto* s = std::get_if<std::string>(&v.value);
    if (s == nullptr || s->size() < 32) {
      ConfigValue redacted = v;
      redacted.value = std::string("<redacted>");
      return unexpected(invalid(redacted, "at least 32 bytes of random text"));
    }
    c.keys.kek = *s;
    return {};
  };
  k.print = [](const Config& c) {
    if (c.keys.kek.empty()) return std::string("# kek is not set");
    return "# kek = <redacted, " + std::to_string(c.keys.kek.size()) + " bytes>";
  };
  return k;
}

Expected<std::string, ConfigError> to_jwks_url(const ConfigValue& v) {
  auto s = to_nonempty_string(v);
  if (!s) return s;
  const bool ok = (s->starts_with("https://") || s->starts_with("http://")) &&
                  s->find_first_of(" \t\r\n") == std::string::npos;
  if (!ok) return unexpected(invalid(v, "an https:// URL of a JSON Web Key Set"));
  return s;
}

// A string that is unset while empty: printed as "# <name> is not set", so that check-config's
// output loads back.
template <auto... Members, typename Convert>
ConfigKey text_key(std::string_view name, Convert convert) {
  return key<Members...>(name, convert, [](const std::string& s) -> std::optional<std::string> {
    if (s.empty()) return std::nullopt;
    return toml_string(s);
  });
}

bool is_asymmetric_algorithm(std::string_view name) {
  const auto algorithm = algorithm_from_name(name);
  return algorithm && !is_hmac(*algorithm);
}

}  // namespace

std::span<const ConfigKey> key_ring_keys() {
  using C = KeysConfig;
  static const std::vector<ConfigKey> keys{
      choice_key<kKeys, &C::storage>(
          "storage", kStorages,
          [](std::string_view s) {
            return s == "database"    ? Storage::kDatabase
                   : s == "directory" ? Storage::kDirectory
                                      : Storage::kConfig;
          },
          [](Storage s) {
            return s == Storage::kDatabase    ? "database"
                   : s == Storage::kDirectory ? "directory"
                                              : "config";
          }),
      text_key<kKeys, &C::directory>("directory", to_nonempty_string),
      seconds_key<kKeys, &C::rotate_every>("rotate_every"),
      seconds_key<kKeys, &C::publish_ahead>("publish_ahead"),
      milliseconds_key<kKeys, &C::poll_interval>("poll_interval", false),
      seconds_key<kKeys, &C::jwks_max_age>("jwks_max_age"),
      kek_key(),
  };
  return keys;
}

std::span<const ConfigKey> remote_jwks_keys() {
  using C = RemoteJwksConfig;
  static const std::vector<ConfigKey> keys{
      text_key<kRemote, &C::url>("url", to_jwks_url),
      text_key<kRemote, &C::issuer>("issuer", to_nonempty_string),
      optional_string_key<kRemote, &C::audience>("audience", to_nonempty_string),
      list_key<kRemote, &C::algorithms>("algorithms", is_asymmetric_algorithm,
                                        "RS*, PS*, ES* or EdDSA algorithm names, e.g. [\"RS256\"]"),
      string_key<kRemote, &C::username_claim>("username_claim", to_nonempty_string),
      seconds_key<kRemote, &C::cache_lifetime>("cache_lifetime"),
      seconds_key<kRemote, &C::refresh_before>("refresh_before"),
      seconds_key<kRemote, &C::refetch_min_interval>("refetch_min_interval"),
      milliseconds_key<kRemote, &C::timeout>("timeout", false),
      count_key<kRemote, &C::max_bytes>("max_bytes", 1024, 16 << 20),
      flag_key<kRemote, &C::allow_http>("allow_http"),
      text_key<kRemote, &C::ca_file>("ca_file", to_nonempty_string),
  };
  return keys;
}

}  // namespace restjwt::detail
