// A configuration value as written in TOML or an environment variable, before it is converted
// to a setting's type. Conversions produce the messages that name key, value and expectation.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "restjwt/expected.hpp"

namespace restjwt::detail {

struct ConfigValue {
  // Where it came from, for messages: "[jwt_auth] JWT_LEEWAY" or "environment JWT_LEEWAY".
  std::string origin;
  // A TOML string, integer, float, boolean, or array of strings (an environment variable of a
  // list key: its comma-separated items); anything else (tables, dates, mixed arrays) is Other.
  struct Other {};
  using List = std::vector<std::string>;
  std::variant<std::string, std::int64_t, double, bool, List, Other> value;
  bool from_environment = false;

  // The value as the user wrote it, for messages (secrets are never shown: see redacted()).
  std::string display() const;
};

using ConfigError = std::string;

Expected<std::string, ConfigError> to_string_value(const ConfigValue& v);
Expected<std::string, ConfigError> to_nonempty_string(const ConfigValue& v);
// TOML booleans; in the environment "true"/"false"/"1"/"0"/"yes"/"no" (any case).
Expected<bool, ConfigError> to_bool(const ConfigValue& v);
// Whole seconds (integer or digit string) or "90s", "5m", "1h", "7d".
Expected<std::chrono::seconds, ConfigError> to_duration(const ConfigValue& v);
Expected<std::int64_t, ConfigError> to_integer(const ConfigValue& v, std::int64_t min,
                                               std::int64_t max);
// One of `choices`, exactly.
Expected<std::string, ConfigError> to_choice(const ConfigValue& v,
                                             std::span<const std::string_view> choices);

// "did you mean "JWT_LEEWAY"?" when a known name is close to `unknown`, else "".
std::string did_you_mean(std::string_view unknown, std::span<const std::string_view> known);

// "<origin> = <value>: expected <what>".
ConfigError invalid(const ConfigValue& v, std::string_view expected);

}  // namespace restjwt::detail
