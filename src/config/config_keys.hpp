// The configuration's keys, one table: each key knows how to read its value (from the TOML file
// or the environment) and how to print it (check-config). Adding a setting is one row here.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "config/config_value.hpp"
#include "restjwt/config.hpp"

namespace restjwt::detail {

struct ConfigKey {
  enum class Kind : std::uint8_t {
    kValue,   // a scalar
    kList,    // a list of strings (the environment gives it comma-separated)
    kSecret,  // never echoed back; the environment may also give it as <NAME>_FILE
  };
  std::string_view name;
  Kind kind = Kind::kValue;
  std::function<Expected<void, ConfigError>(const ConfigValue& value, Config& config)> apply;
  // The key's line in check-config's output: `bind = "127.0.0.1:8000"`, or a comment for a
  // value that is unset or secret (`# JWT_SECRET_KEY = <redacted, 48 bytes>`).
  std::function<std::string(const Config& config)> print;
};

struct ConfigTable {
  std::string_view name;  // "server"
  std::span<const ConfigKey> keys;
  // [jwt_auth]'s keys are set in the environment by their own names (drf-jwt's), the others as
  // RESTJWT_<TABLE>__<KEY>.
  bool keys_are_environment_names = false;
};

// Every table, in the order check-config prints them.
std::span<const ConfigTable> config_tables();
// The tables but [jwt_auth] (config_tables.cpp), and [jwt_auth] (jwt_auth_keys.cpp).
std::span<const ConfigKey> server_keys();
std::span<const ConfigKey> database_keys();
std::span<const ConfigKey> password_keys();
std::span<const ConfigKey> user_keys();
std::span<const ConfigKey> route_keys();
std::span<const ConfigKey> throttle_keys();
std::span<const ConfigKey> revocation_keys();
std::span<const ConfigKey> csrf_keys();
std::span<const ConfigKey> cors_keys();
std::span<const ConfigKey> key_ring_keys();     // [keys] (key_ring_keys.cpp)
std::span<const ConfigKey> remote_jwks_keys();  // [remote_jwks] (key_ring_keys.cpp)
std::span<const ConfigKey> simplejwt_keys();    // [simplejwt] (simplejwt_keys.cpp)
std::span<const ConfigKey> jwt_auth_keys();

// [passwords] after every key is read: what was not set takes django_version's defaults.
void apply_django_version(Config& config);

// The environment variable that sets `key` of `table`.
std::string environment_name(const ConfigTable& table, const ConfigKey& key);

// [keys] and [remote_jwks] across their keys and [jwt_auth] (key_ring_checks.cpp); may add a
// warning to config.warnings.
Expected<void, ConfigError> check_key_settings(Config& config, ConfigPurpose purpose);

// [simplejwt] with [jwt_auth]: a usable signing key when enabled (simplejwt_keys.cpp); may add a
// warning to config.warnings.
Expected<void, ConfigError> check_simplejwt(Config& config);

// Browsers' own cookie rules, checked at start-up rather than discovered as a silently dropped
// cookie.
Expected<void, ConfigError> check_cookie_rules(const Settings& settings);

// --- Printing values as TOML.
std::string toml_string(std::string_view text);
std::string toml_list(const std::vector<std::string>& items);
// Whole seconds when it is, else "<n>ms".
std::string toml_duration(std::chrono::milliseconds duration);

// Durations of [server] and [database]: whole seconds (10), or "500ms", "30s", "5m", "1h".
Expected<std::chrono::milliseconds, ConfigError> to_milliseconds(const ConfigValue& v,
                                                                 bool allow_zero);

// --- Building keys.

// The member of Config at the end of a path of member pointers:
// member<&Config::server, &ServerOptions::bind>(config).
template <auto... Members, typename C>
auto& member(C& config) {
  return (config.*....*Members);
}

template <auto... Members>
using MemberType = std::remove_cvref_t<decltype(member<Members...>(std::declval<Config&>()))>;

// A key stored at Members: `convert` turns the value into the member's type (or an error),
// `show` prints the member as TOML (nullopt: "# <name> is not set").
template <auto... Members, typename Convert, typename Show>
ConfigKey key(std::string_view name, Convert convert, Show show,
              ConfigKey::Kind kind = ConfigKey::Kind::kValue) {
  return ConfigKey{name, kind,
                   [convert](const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
                     auto converted = convert(v);
                     if (!converted) return unexpected(std::move(converted).error());
                     member<Members...>(c) =
                         static_cast<MemberType<Members...>>(std::move(*converted));
                     return {};
                   },
                   [name, show](const Config& c) -> std::string {
                     const std::optional<std::string> shown = show(member<Members...>(c));
                     if (!shown) return "# " + std::string(name) + " is not set";
                     return std::string(name) + " = " + *shown;
                   }};
}

template <auto... Members>
ConfigKey count_key(std::string_view name, std::int64_t min, std::int64_t max) {
  return key<Members...>(
      name, [min, max](const ConfigValue& v) { return to_integer(v, min, max); },
      [](auto n) { return std::optional<std::string>(std::to_string(n)); });
}

template <auto... Members>
ConfigKey flag_key(std::string_view name) {
  return key<Members...>(name, to_bool,
                         [](bool b) { return std::optional<std::string>(b ? "true" : "false"); });
}

// Durations in milliseconds ([server], [database]).
template <auto... Members>
ConfigKey milliseconds_key(std::string_view name, bool allow_zero) {
  return key<Members...>(
      name, [allow_zero](const ConfigValue& v) { return to_milliseconds(v, allow_zero); },
      [](std::chrono::milliseconds d) { return std::optional<std::string>(toml_duration(d)); });
}

// Durations in whole seconds ([throttle], [jwt_auth]).
template <auto... Members>
ConfigKey seconds_key(std::string_view name) {
  return key<Members...>(name, to_duration, [](std::chrono::seconds d) {
    return std::optional<std::string>(std::to_string(d.count()));
  });
}

// A string checked by `convert` (to_nonempty_string, to_cookie_token, …).
template <auto... Members, typename Convert>
ConfigKey string_key(std::string_view name, Convert convert) {
  return key<Members...>(name, convert, [](const std::string& s) {
    return std::optional<std::string>(toml_string(s));
  });
}

// An optional string: absent until set.
template <auto... Members, typename Convert>
ConfigKey optional_string_key(std::string_view name, Convert convert) {
  return key<Members...>(
      name,
      [convert](const ConfigValue& v) -> Expected<std::optional<std::string>, ConfigError> {
        auto s = convert(v);
        if (!s) return unexpected(std::move(s).error());
        return std::optional<std::string>(std::move(*s));
      },
      [](const std::optional<std::string>& s) -> std::optional<std::string> {
        if (!s) return std::nullopt;
        return toml_string(*s);
      });
}

// One of `choices` (as written) for an enum member: `to_enum` maps a choice to the member's
// value, `from_enum` back.
template <auto... Members, typename ToEnum, typename FromEnum>
ConfigKey choice_key(std::string_view name, std::span<const std::string_view> choices,
                     ToEnum to_enum, FromEnum from_enum) {
  return key<Members...>(
      name,
      [choices, to_enum](const ConfigValue& v) -> Expected<MemberType<Members...>, ConfigError> {
        auto choice = to_choice(v, choices);
        if (!choice) return unexpected(std::move(choice).error());
        return to_enum(*choice);
      },
      [from_enum](const auto& value) {
        return std::optional<std::string>(toml_string(from_enum(value)));
      });
}

// A list of strings, each checked by `valid`; `expectation` describes one element.
template <auto... Members>
ConfigKey list_key(std::string_view name, bool (*valid)(std::string_view),
                   std::string_view expectation) {
  ConfigKey k = key<Members...>(
      name,
      [valid,
       expectation](const ConfigValue& v) -> Expected<std::vector<std::string>, ConfigError> {
        const auto* items = std::get_if<ConfigValue::List>(&v.value);
        bool ok = items != nullptr;
        for (std::size_t i = 0; ok && i < items->size(); ++i) ok = valid((*items)[i]);
        if (!ok) return unexpected(v.origin + ": expected a list of " + std::string(expectation));
        return *items;
      },
      [](const std::vector<std::string>& items) {
        return std::optional<std::string>(toml_list(items));
      });
  k.kind = ConfigKey::Kind::kList;
  return k;
}

// A secret: never echoed back, not even in an error (its value is replaced in the message), and
// printed as its length only.
template <auto... Members>
ConfigKey secret_key(std::string_view name, std::string_view shown_as) {
  ConfigKey k;
  k.name = name;
  k.kind = ConfigKey::Kind::kSecret;
  k.apply = [](const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
    auto s = to_nonempty_string(v);
    if (!s) {
      ConfigValue redacted = v;
      redacted.value = std::string("<redacted>");
      return unexpected(invalid(redacted, "a non-empty string"));
    }
    member<Members...>(c) = std::move(*s);
    return {};
  };
  k.print = [name, shown_as](const Config& c) {
    const std::string& value = member<Members...>(c);
    if (value.empty()) return "# " + std::string(name) + " is not set";
    return "# " + std::string(name) + " = <" + std::string(shown_as) + ", " +
           std::to_string(value.size()) + " bytes>";
  };
  return k;
}

// A route is compared with the decoded request path; a path without its trailing slash answers
// 301, so the slash belongs to the route.
template <auto... Members>
ConfigKey route_key(std::string_view name) {
  return string_key<Members...>(
      name, [](const ConfigValue& v) -> Expected<std::string, ConfigError> {
        const auto* s = std::get_if<std::string>(&v.value);
        bool ok = s != nullptr && !s->empty() && s->front() == '/' && s->back() == '/';
        for (std::size_t i = 0; ok && i < s->size(); ++i) {
          const auto u = static_cast<unsigned char>((*s)[i]);
          ok = u > 0x20 && u < 0x7F && u != '?' && u != '#' && u != '%';
        }
        if (ok) return *s;
        return unexpected(invalid(v,
                                  "a path that starts and ends with '/', without spaces, '?', '#' "
                                  "or '%', e.g. \"/api-token-auth/\""));
      });
}

}  // namespace restjwt::detail
