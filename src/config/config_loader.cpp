// load_config: TOML → Config, then the environment, then the checks that span several keys.
#include <algorithm>
#include <memory>

#include "restjwt/config.hpp"
#include "config/config_tables.hpp"
#include "restjwt/config.hpp"
#include "config/settings_toml.hpp"
#include "restjwt/password_hasher.hpp"

namespace restjwt {
namespace {

using detail::ConfigError;

std::vector<std::string_view> table_names() {
  std::vector<std::string_view> names;
  for (const auto& table : detail::config_tables()) names.push_back(table.name);
  names.emplace_back("jwt_auth");
  return names;
}

Expected<void, ConfigError> apply_table(const detail::ConfigTable& spec, const toml::table& table,
                                        Config& config) {
  std::vector<std::string_view> known;
  for (const auto& key : spec.keys) known.push_back(key.name);
  for (const auto& [key, node] : table) {
    const std::string_view name = key.str();  // clang 14 cannot capture structured bindings
    const auto found = std::find_if(spec.keys.begin(), spec.keys.end(),
                                    [name](const auto& k) { return k.name == name; });
    if (found == spec.keys.end()) {
      const std::string hint = detail::did_you_mean(key.str(), known);
      return unexpected("[" + std::string(spec.name) + "] " + std::string(key.str()) +
                        ": unknown setting" + (hint.empty() ? "" : "; " + hint));
    }
    const auto value = detail::config_value(node, spec.name, key.str());
    if (auto ok = found->apply(node, value, config); !ok) return ok;
  }
  return {};
}

Expected<void, ConfigError> apply_document(const toml::table& document, const Environment& env,
                                           Config& config) {
  const auto names = table_names();
  for (const auto& [key, node] : document) {
    const std::string name(key.str());
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      const std::string hint = detail::did_you_mean(name, names);
      if (!node.is_table()) {
        return unexpected("\"" + name +
                          "\" is outside any table: settings belong in [server], "
                          "[database], [passwords], [users], [routes] or [jwt_auth]");
      }
      return unexpected("[" + name + "]: unknown table" + (hint.empty() ? "" : "; " + hint));
    }
    if (!node.is_table()) return unexpected("[" + name + "] must be a table");
  }
  for (const auto& spec : detail::config_tables()) {
    if (const auto* table = document[spec.name].as_table()) {
      if (auto ok = apply_table(spec, *table, config); !ok) return ok;
    }
  }
  if (auto ok = detail::apply_jwt_auth(document["jwt_auth"].as_table(), env, config.jwt); !ok) {
    return ok;
  }
  // SPEC §14: DATABASE_URL sets the database, over the file.
  if (auto url = env("DATABASE_URL")) {
    auto parsed = parse_database_url(*url);
    if (!parsed) return unexpected("environment DATABASE_URL: " + parsed.error());
    config.database.url = *url;
    config.database.parsed = *parsed;
  }
  return {};
}

// JWT_GET_USER_SECRET_KEY names a column of the user table (the server's form of drf-jwt's
// callable, SPEC §10).
Expected<void, ConfigError> apply_user_secret(Config& config) {
  const std::string& spec = config.jwt.get_user_secret_key;
  if (spec.empty()) return {};
  constexpr std::string_view kPrefix = "column:";
  const std::string column = spec.starts_with(kPrefix) ? spec.substr(kPrefix.size()) : "";
  const bool ok = !column.empty() && std::all_of(column.begin(), column.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
  if (!ok) {
    return unexpected("JWT_GET_USER_SECRET_KEY = \"" + spec +
                      "\": expected \"column:<name>\", a column of the user table holding each "
                      "user's secret");
  }
  config.users.schema.secret_column = column;
  return {};
}

Expected<void, ConfigError> check_hooks(const Settings& s) {
  // Named hooks would be registered by the program that embeds the server; `restjwt serve`
  // registers none yet, so any name is unknown (STYLE.md: fail at start-up, list the known).
  const std::pair<std::string_view, const std::string*> hooks[] = {
      {"JWT_PAYLOAD_HANDLER", &s.payload_handler},
      {"JWT_RESPONSE_PAYLOAD_HANDLER", &s.response_payload_handler},
      {"JWT_PAYLOAD_GET_USERNAME_HANDLER", &s.payload_get_username_handler},
      {"JWT_ENCODE_HANDLER", &s.encode_handler},
      {"JWT_DECODE_HANDLER", &s.decode_handler},
  };
  for (const auto& [name, value] : hooks) {
    if (!value->empty()) {
      return unexpected(std::string(name) + " = \"" + *value +
                        "\": unknown hook; this server registers none (leave it unset for "
                        "drf-jwt's default)");
    }
  }
  return {};
}

Expected<void, ConfigError> check_routes(const Routes& r) {
  const std::pair<std::string_view, const std::string*> routes[] = {
      {"obtain", &r.obtain}, {"verify", &r.verify}, {"refresh", &r.refresh}, {"user", &r.user}};
  for (std::size_t i = 0; i < std::size(routes); ++i) {
    for (std::size_t j = i + 1; j < std::size(routes); ++j) {
      if (*routes[i].second == *routes[j].second) {
        return unexpected("[routes] " + std::string(routes[i].first) + " and " +
                          std::string(routes[j].first) + " are both \"" + *routes[i].second +
                          "\": expected a different path for each route");
      }
    }
  }
  return {};
}

// What spans several keys, in the order an operator would fix things.
Expected<void, ConfigError> check_config(Config& config, ConfigPurpose purpose) {
  if (auto ok = check_hooks(config.jwt); !ok) return ok;
  if (auto ok = apply_user_secret(config); !ok) return ok;
  if (auto ok = check_routes(config.routes); !ok) return ok;
  config.server.db_threads = config.database.pool_size;  // one worker per connection
  if (auto hashers =
          PasswordHashers::from_names(config.passwords.hashers, config.passwords.options);
      !hashers) {
    return unexpected("[passwords] hashers: " + hashers.error());
  }
  if (purpose == ConfigPurpose::kServe) {
    // The keys exactly as the server's TokenChecker will load them.
    const bool per_user_secret = !config.users.schema.secret_column.empty();
    if (auto keys = make_keys(config.jwt, per_user_secret); !keys) {
      return unexpected(keys.error());
    }
  }
  return {};
}

}  // namespace

Expected<Config, std::string> load_config_text(std::string_view toml_text, const Environment& env,
                                               const std::string& source, ConfigPurpose purpose) {
  // toml++ as Debian builds it reports syntax errors by exception; this is start-up code.
  toml::table document;
  try {
    document = toml::parse(toml_text);
  } catch (const toml::parse_error& error) {
    return unexpected((source.empty() ? std::string("config") : source) + ":" +
                      std::to_string(error.source().begin.line) +
                      ": TOML syntax error: " + std::string(error.description()));
  }
  Config config;
  config.source = source;
  if (auto ok = apply_document(document, env, config); !ok) return unexpected(ok.error());
  if (auto ok = check_config(config, purpose); !ok) return unexpected(ok.error());
  return config;
}

Expected<Config, std::string> load_config(const std::string& path, const Environment& env,
                                          ConfigPurpose purpose) {
  if (path.empty()) return load_config_text("", env, "", purpose);
  const auto text = read_file_text(path);
  if (!text) return unexpected("cannot read config file \"" + path + "\": " + text.error());
  return load_config_text(*text, env, path, purpose);
}

}  // namespace restjwt
