#include <unistd.h>

#include <array>
#include <cstdlib>
#include <functional>

#include "restjwt/config.hpp"
#include "config/settings_toml.hpp"

namespace restjwt {
namespace detail {
namespace {

using Apply = std::function<Expected<void, ConfigError>(const ConfigValue&, Settings&)>;

struct SettingSpec {
  std::string_view name;
  bool secret;  // may come from NAME_FILE; never shown in messages
  Apply apply;
};

template <typename Member, typename Convert>
Apply set(Member Settings::*member, Convert convert) {
  return [member, convert](const ConfigValue& v, Settings& s) -> Expected<void, ConfigError> {
    auto converted = convert(v);
    if (!converted) {
      return unexpected(std::move(converted).error());
    }
    s.*member = std::move(converted).value();
    return {};
  };
}

Expected<Algorithm, ConfigError> to_algorithm(const ConfigValue& v) {
  if (const auto* s = std::get_if<std::string>(&v.value)) {
    if (auto algorithm = algorithm_from_name(*s)) {
      return *algorithm;
    }
  }
  return unexpected(invalid(v, "one of " + std::string(algorithm_names())));
}

// A cookie name or attribute value must not break the Set-Cookie header (issue 7 §2).
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

Expected<std::string, ConfigError> to_header_prefix(const ConfigValue& v) {
  auto s = to_nonempty_string(v);
  if (!s) return s;
  for (const char c : *s) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) {
      return unexpected(invalid(v, R"(a single word without whitespace, e.g. "JWT" or "Bearer")"));
    }
  }
  return s;
}

const std::vector<SettingSpec>& setting_specs() {
  static const std::vector<SettingSpec> specs = [] {
    constexpr std::array<std::string_view, 3> kSameSite{"Lax", "Strict", "None"};
    auto optional_string =
        [](const ConfigValue& v) -> Expected<std::optional<std::string>, ConfigError> {
      auto s = to_nonempty_string(v);
      if (!s) return unexpected(std::move(s).error());
      return std::optional<std::string>(std::move(s).value());
    };
    auto optional_cookie =
        [](const ConfigValue& v) -> Expected<std::optional<std::string>, ConfigError> {
      auto s = to_cookie_token(v);
      if (!s) return unexpected(std::move(s).error());
      return std::optional<std::string>(std::move(s).value());
    };
    return std::vector<SettingSpec>{
        {"JWT_SECRET_KEY", true, set(&Settings::secret_key, to_nonempty_string)},
        {"JWT_ALGORITHM", false, set(&Settings::algorithm, to_algorithm)},
        {"JWT_PRIVATE_KEY", true, set(&Settings::private_key, to_nonempty_string)},
        {"JWT_PUBLIC_KEY", false, set(&Settings::public_key, to_nonempty_string)},
        {"JWT_GET_USER_SECRET_KEY", false, set(&Settings::get_user_secret_key, to_nonempty_string)},
        {"JWT_VERIFY", false, set(&Settings::verify, to_bool)},
        {"JWT_VERIFY_EXPIRATION", false, set(&Settings::verify_expiration, to_bool)},
        {"JWT_LEEWAY", false, set(&Settings::leeway, to_duration)},
        {"JWT_EXPIRATION_DELTA", false, set(&Settings::expiration_delta, to_duration)},
        {"JWT_AUDIENCE", false, set(&Settings::audience, optional_string)},
        {"JWT_ISSUER", false, set(&Settings::issuer, optional_string)},
        {"JWT_ALLOW_REFRESH", false, set(&Settings::allow_refresh, to_bool)},
        {"JWT_REFRESH_EXPIRATION_DELTA", false,
         set(&Settings::refresh_expiration_delta, to_duration)},
        {"JWT_AUTH_HEADER_PREFIX", false, set(&Settings::auth_header_prefix, to_header_prefix)},
        {"JWT_AUTH_COOKIE", false, set(&Settings::auth_cookie, optional_cookie)},
        {"JWT_AUTH_COOKIE_SECURE", false, set(&Settings::auth_cookie_secure, to_bool)},
        {"JWT_AUTH_COOKIE_SAMESITE", false,
         set(&Settings::auth_cookie_samesite,
             [kSameSite](const ConfigValue& v) { return to_choice(v, kSameSite); })},
        {"JWT_AUTH_COOKIE_DOMAIN", false, set(&Settings::auth_cookie_domain, optional_cookie)},
        {"JWT_AUTH_COOKIE_PATH", false, set(&Settings::auth_cookie_path, to_cookie_token)},
        {"JWT_PAYLOAD_HANDLER", false, set(&Settings::payload_handler, to_nonempty_string)},
        {"JWT_RESPONSE_PAYLOAD_HANDLER", false,
         set(&Settings::response_payload_handler, to_nonempty_string)},
        {"JWT_PAYLOAD_GET_USERNAME_HANDLER", false,
         set(&Settings::payload_get_username_handler, to_nonempty_string)},
        {"JWT_ENCODE_HANDLER", false, set(&Settings::encode_handler, to_nonempty_string)},
        {"JWT_DECODE_HANDLER", false, set(&Settings::decode_handler, to_nonempty_string)},
    };
  }();
  return specs;
}

std::vector<std::string_view> setting_names() {
  std::vector<std::string_view> names;
  for (const auto& spec : setting_specs()) names.push_back(spec.name);
  return names;
}

// Secrets are never echoed back in a message.
ConfigValue redacted_if_secret(ConfigValue v, bool secret) {
  if (secret) {
    v.value = std::string("<redacted>");
  }
  return v;
}

// Browsers' own cookie rules, checked at start-up rather than discovered as a silently dropped
// cookie: SameSite=None needs Secure; "__Secure-" names need Secure; "__Host-" names need
// Secure, Path=/ and no Domain.
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

}  // namespace

ConfigValue config_value(const toml::node& node, std::string_view table, std::string_view key) {
  ConfigValue v;
  // Appended piece by piece: g++ 12 -O2 reports a false -Wrestrict (GCC bug 105329) when a
  // string is assigned from, or prefixed with, a literal here.
  v.origin.reserve(table.size() + key.size() + 3);
  v.origin += '[';
  v.origin.append(table).append("] ").append(key);
  if (const auto* s = node.as_string())
    v.value = s->get();
  else if (const auto* i = node.as_integer())
    v.value = i->get();
  else if (const auto* f = node.as_floating_point())
    v.value = f->get();
  else if (const auto* b = node.as_boolean())
    v.value = b->get();
  else
    v.value = ConfigValue::Other{};
  return v;
}

Expected<std::string, ConfigError> read_secret_file(const std::string& env_name,
                                                    const std::string& path) {
  auto content = read_file_text(path);
  if (!content) {
    return unexpected("environment " + env_name + " = \"" + path + "\": cannot read that file (" +
                      content.error() + ")");
  }
  std::string secret = std::move(*content);
  if (!secret.empty() && secret.back() == '\n') secret.pop_back();
  if (!secret.empty() && secret.back() == '\r') secret.pop_back();
  return secret;
}

Expected<void, ConfigError> apply_jwt_auth(const toml::table* table, const Environment& env,
                                           Settings& settings) {
  const auto names = setting_names();
  if (table != nullptr) {
    for (const auto& [key, node] : *table) {
      // A named copy: clang 14 cannot capture a structured binding in a lambda (C++20 P1091).
      const std::string_view key_name = key.str();
      const auto spec = std::find_if(setting_specs().begin(), setting_specs().end(),
                                     [&](const SettingSpec& s) { return s.name == key_name; });
      if (spec == setting_specs().end()) {
        const std::string hint = did_you_mean(key.str(), names);
        return unexpected("[jwt_auth] " + std::string(key.str()) + ": unknown setting" +
                          (hint.empty() ? "" : "; " + hint));
      }
      const ConfigValue value = config_value(node, "jwt_auth", key.str());
      if (auto ok = spec->apply(value, settings); !ok) {
        return unexpected(spec->secret
                              ? invalid(redacted_if_secret(value, true), "a non-empty string")
                              : ok.error());
      }
    }
  }
  for (const auto& spec : setting_specs()) {
    const std::string name(spec.name);
    auto direct = env(name);
    auto from_file = env(name + "_FILE");
    if (direct && from_file) {
      std::string message = "environment ";
      message.append(name).append(" and ").append(name).append("_FILE are both set: use one");
      return unexpected(std::move(message));
    }
    if (from_file) {
      auto secret = read_secret_file(name + "_FILE", *from_file);
      if (!secret) return unexpected(std::move(secret).error());
      direct = std::move(secret).value();
    }
    if (!direct) continue;
    ConfigValue value{"environment " + name, *direct, true};
    if (auto ok = spec.apply(value, settings); !ok) {
      return unexpected(spec.secret ? invalid(redacted_if_secret(value, true), "a non-empty string")
                                    : ok.error());
    }
  }
  return check_cookie_rules(settings);
}

}  // namespace detail

Environment Environment::of(std::map<std::string, std::string> variables) {
  std::vector<std::string> names;
  for (const auto& entry : variables) names.push_back(entry.first);
  return Environment(
      [variables = std::move(variables)](std::string_view name) -> std::optional<std::string> {
        const auto found = variables.find(std::string(name));
        if (found == variables.end()) return std::nullopt;
        return found->second;
      },
      std::move(names));
}

Environment process_environment() {
  std::vector<std::string> names;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    names.emplace_back(text.substr(0, text.find('=')));
  }
  return Environment(
      [](std::string_view name) -> std::optional<std::string> {
        // NOLINTNEXTLINE(concurrency-mt-unsafe): read at start-up, before any thread exists
        const char* value = std::getenv(std::string(name).c_str());
        if (value == nullptr) return std::nullopt;
        return std::string(value);
      },
      std::move(names));
}

Expected<Settings, std::string> load_settings(std::string_view toml_text, const Environment& env) {
  // toml++ as Debian builds it reports syntax errors by exception; this is start-up code.
  toml::table parsed;
  try {
    parsed = toml::parse(toml_text);
  } catch (const toml::parse_error& error) {
    return unexpected("TOML syntax error at line " + std::to_string(error.source().begin.line) +
                      ": " + std::string(error.description()));
  }
  Settings settings;
  const toml::table* table = parsed["jwt_auth"].as_table();
  if (parsed.contains("jwt_auth") && table == nullptr) {
    return unexpected(std::string("[jwt_auth] must be a table"));
  }
  if (auto ok = detail::apply_jwt_auth(table, env, settings); !ok) {
    return unexpected(ok.error());
  }
  return settings;
}

}  // namespace restjwt
