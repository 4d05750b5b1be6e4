// Internal to the config loader: the keys of each table and how each one sets the Config.
#pragma once

#include <chrono>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "restjwt/config.hpp"
#include "config/config_value.hpp"

namespace restjwt::detail {

// One key of a table. `node` is the raw TOML (for arrays); `value` the scalar view with its
// origin ("[server] threads") for messages.
struct ConfigKey {
  std::string_view name;
  std::function<Expected<void, ConfigError>(const toml::node& node, const ConfigValue& value,
                                            Config& config)>
      apply;
};

struct ConfigTable {
  std::string_view name;
  const std::vector<ConfigKey>& keys;
};

// Every table but [jwt_auth], which settings_toml.hpp's apply_jwt_auth() reads.
std::span<const ConfigTable> config_tables();

// Durations of [server] and [database]: whole seconds (10), or "500ms", "30s", "5m", "1h".
Expected<std::chrono::milliseconds, ConfigError> to_milliseconds(const ConfigValue& v,
                                                                 bool allow_zero);

}  // namespace restjwt::detail
