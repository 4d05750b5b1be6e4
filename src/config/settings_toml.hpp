// The [jwt_auth] table → Settings, shared by load_settings() and the server's config loader.
#pragma once

#include <string>

#include <toml++/toml.h>

#include "config/config_value.hpp"
#include "restjwt/settings.hpp"

namespace restjwt::detail {

// A TOML node as a ConfigValue named "[<table>] <key>".
ConfigValue config_value(const toml::node& node, std::string_view table, std::string_view key);

// Reads a secret from `<NAME>_FILE`: the file's bytes with one trailing newline stripped.
Expected<std::string, ConfigError> read_secret_file(const std::string& env_name,
                                                    const std::string& path);

// Applies `table` (may be null) and then the environment overrides to `settings`.
Expected<void, ConfigError> apply_jwt_auth(const toml::table* table, const Environment& env,
                                           Settings& settings);

}  // namespace restjwt::detail
