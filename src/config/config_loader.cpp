// load_config: the TOML file, then the environment, through the one key table (config_keys.hpp);
// then the checks that span several keys.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include <toml++/toml.h>

#include "config/config_keys.hpp"
#include "restjwt/config.hpp"
#include "restjwt/password_hasher.hpp"

namespace restjwt {
namespace {

// "[server], [database], … or [jwt_auth]": the tables of the key table, in its order.
std::string every_table_name() {
  const auto tables = detail::config_tables();
  std::string names;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    if (i > 0) names += i + 1 == tables.size() ? " or " : ", ";
    names += "[" + std::string(tables[i].name) + "]";
  }
  return names;
}

using detail::ConfigError;
using detail::ConfigKey;
using detail::ConfigTable;
using detail::ConfigValue;

// A TOML node as a ConfigValue named "[<table>] <key>".
ConfigValue config_value(const toml::node& node, std::string_view table, std::string_view key) {
  ConfigValue v;
  // Appended piece by piece: g++ 12 -O2 reports a false -Wrestrict (GCC bug 105329) when a
  // string is assigned from, or prefixed with, a literal here.
  v.origin.reserve(table.size() + key.size() + 3);
  v.origin += '[';
  v.origin.append(table).append("] ").append(key);
  if (const auto* s = node.as_string()) {
    v.value = s->get();
  } else if (const auto* i = node.as_integer()) {
    v.value = i->get();
  } else if (const auto* f = node.as_floating_point()) {
    v.value = f->get();
  } else if (const auto* b = node.as_boolean()) {
    v.value = b->get();
  } else if (const auto* array = node.as_array();
             array != nullptr &&
             (array->empty() || array->is_homogeneous(toml::node_type::string))) {
    ConfigValue::List items;
    for (const auto& item : *array) items.push_back(item.as_string()->get());
    v.value = std::move(items);
  } else {
    v.value = ConfigValue::Other{};
  }
  return v;
}

std::vector<std::string_view> names_of(std::span<const ConfigKey> keys) {
  std::vector<std::string_view> names;
  for (const auto& key : keys) names.push_back(key.name);
  return names;
}

const ConfigTable* find_table(std::string_view name) {
  for (const auto& table : detail::config_tables()) {
    if (table.name == name) return &table;
  }
  return nullptr;
}

Expected<void, ConfigError> apply_table(const ConfigTable& spec, const toml::table& table,
                                        Config& config) {
  for (const auto& [key, node] : table) {
    const std::string_view name = key.str();  // clang 14 cannot capture structured bindings
    const auto found = std::find_if(spec.keys.begin(), spec.keys.end(),
                                    [name](const ConfigKey& k) { return k.name == name; });
    if (found == spec.keys.end()) {
      const std::string hint = detail::did_you_mean(name, names_of(spec.keys));
      return unexpected("[" + std::string(spec.name) + "] " + std::string(name) +
                        ": unknown setting" + (hint.empty() ? "" : "; " + hint));
    }
    if (auto ok = found->apply(config_value(node, spec.name, name), config); !ok) return ok;
  }
  return {};
}

Expected<void, ConfigError> apply_document(const toml::table& document, Config& config) {
  std::vector<std::string_view> names;
  for (const auto& table : detail::config_tables()) names.push_back(table.name);
  for (const auto& [key, node] : document) {
    const std::string name(key.str());
    const ConfigTable* table = find_table(name);
    if (table == nullptr) {
      if (!node.is_table()) {
        return unexpected("\"" + name + "\" is outside any table: settings belong in " +
                          every_table_name());
      }
      const std::string hint = detail::did_you_mean(name, names);
      return unexpected("[" + name + "]: unknown table" + (hint.empty() ? "" : "; " + hint));
    }
    if (!node.is_table()) return unexpected("[" + name + "] must be a table");
    if (auto ok = apply_table(*table, *node.as_table(), config); !ok) return ok;
  }
  return {};
}

// `<NAME>_FILE`: the file's bytes with one trailing newline stripped.
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

// drf-jwt's settings (and secrets) may be read from a file named by <NAME>_FILE.
bool may_come_from_file(const ConfigTable& table, const ConfigKey& key) {
  return table.keys_are_environment_names || key.kind == ConfigKey::Kind::kSecret;
}

ConfigValue environment_value(const std::string& name, std::string text, ConfigKey::Kind kind) {
  ConfigValue v{"environment " + name, std::move(text), true};
  if (kind == ConfigKey::Kind::kList) {
    ConfigValue::List items;
    std::string_view rest = std::get<std::string>(v.value);
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      if (!item.empty()) items.emplace_back(item);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    v.value = std::move(items);
  }
  return v;
}

// The variable that sets `key` of `table`, and where it came from ("" when unset).
Expected<std::optional<ConfigValue>, ConfigError> read_environment(const Environment& env,
                                                                   const ConfigTable& table,
                                                                   const ConfigKey& key) {
  const std::string name = detail::environment_name(table, key);
  auto direct = env(name);
  std::optional<std::string> from_file;
  if (may_come_from_file(table, key)) from_file = env(name + "_FILE");
  // DATABASE_URL is the twelve-factor name of RESTJWT_DATABASE__URL.
  std::string shown = name;
  if (table.name == "database" && key.name == "url") {
    if (auto url = env("DATABASE_URL")) {
      if (direct)
        return unexpected("environment " + name + " and DATABASE_URL are both set: use one");
      direct = std::move(url);
      shown = "DATABASE_URL";
    }
  }
  if (direct && from_file) {
    return unexpected("environment " + name + " and " + name + "_FILE are both set: use one");
  }
  if (from_file) {
    auto text = read_secret_file(name + "_FILE", *from_file);
    if (!text) return unexpected(std::move(text).error());
    direct = std::move(*text);
  }
  if (!direct) return std::optional<ConfigValue>();
  return std::optional<ConfigValue>(environment_value(shown, std::move(*direct), key.kind));
}

Expected<void, ConfigError> apply_environment(const Environment& env,
                                              std::span<const ConfigTable> tables, Config& config) {
  for (const auto& table : tables) {
    for (const auto& key : table.keys) {
      auto value = read_environment(env, table, key);
      if (!value) return unexpected(std::move(value).error());
      if (!*value) continue;
      if (auto ok = key.apply(**value, config); !ok) return ok;
    }
  }
  return {};
}

// A RESTJWT_* or JWT_* variable that sets nothing is most likely a typo: say so.
std::vector<std::string> unknown_variables(const Environment& env) {
  std::vector<std::string> known{"DATABASE_URL"};
  for (const auto& table : detail::config_tables()) {
    for (const auto& key : table.keys) {
      known.push_back(detail::environment_name(table, key));
      if (may_come_from_file(table, key)) known.push_back(known.back() + "_FILE");
    }
  }
  const std::vector<std::string_view> candidates(known.begin(), known.end());
  std::vector<std::string> warnings;
  for (const auto& name : env.names()) {
    if (!name.starts_with("RESTJWT_") && !name.starts_with("JWT_")) continue;
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    const std::string hint = detail::did_you_mean(name, candidates);
    warnings.push_back("environment " + name + " is not a setting and is ignored" +
                       (hint.empty() ? "" : "; " + hint));
  }
  return warnings;
}

// JWT_GET_USER_SECRET_KEY names a column of the user table (the server's form of drf-jwt's
// callable).
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
  // Named hooks are registered by the program that embeds the server; `restjwt serve` registers
  // none, so any name is unknown (fail at start-up rather than serve drf-jwt's default).
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

Expected<void, ConfigError> check_routes(const Routes& r, const ProbesConfig& p,
                                         const SimpleJwtConfig& simplejwt) {
  const SimpleJwtRoutes& pairs = simplejwt.options.routes;
  const std::string unused;  // [simplejwt]'s routes are taken only when it is enabled
  const auto pair_route = [&](const std::string& path) {
    return simplejwt.enabled ? &path : &unused;
  };
  const std::pair<std::string_view, const std::string*> routes[] = {
      {"[routes] obtain", &r.obtain},
      {"[routes] verify", &r.verify},
      {"[routes] refresh", &r.refresh},
      {"[routes] user", &r.user},
      {"[simplejwt] obtain", pair_route(pairs.obtain)},
      {"[simplejwt] refresh", pair_route(pairs.refresh)},
      {"[simplejwt] verify", pair_route(pairs.verify)},
      {"[simplejwt] blacklist", pair_route(pairs.blacklist)},
      {"[server] health_path", &p.health_path},
      {"[server] ready_path", &p.ready_path},
      {"[server] metrics_path", &p.metrics_path}};
  for (std::size_t i = 0; i < std::size(routes); ++i) {
    for (std::size_t j = i + 1; j < std::size(routes); ++j) {
      if (!routes[i].second->empty() && *routes[i].second == *routes[j].second) {
        return unexpected(std::string(routes[i].first) + " and " + std::string(routes[j].first) +
                          " are both \"" + *routes[i].second +
                          "\": expected a different path for each route");
      }
    }
  }
  return {};
}

// What spans several keys, in the order an operator would fix things.
Expected<void, ConfigError> check_config(Config& config, ConfigPurpose purpose) {
  if (auto ok = detail::check_cookie_rules(config.jwt); !ok) return ok;
  if (auto ok = check_hooks(config.jwt); !ok) return ok;
  if (auto ok = apply_user_secret(config); !ok) return ok;
  if (auto ok = check_routes(config.routes, config.probes, config.simplejwt); !ok) return ok;
  if (auto ok = detail::check_simplejwt(config); !ok) return ok;
  config.server.db_threads = config.database.pool_size;  // one worker per connection
  detail::apply_django_version(config);
  if (auto hashers =
          PasswordHashers::from_names(config.passwords.hashers, config.passwords.options);
      !hashers) {
    return unexpected("[passwords] hashers: " + hashers.error());
  }
  if (auto ok = detail::check_key_settings(config, purpose); !ok) return ok;
  if (purpose == ConfigPurpose::kServe && !config.keys.enabled()) {
    // The keys exactly as the server's TokenChecker will load them (a key ring replaces them).
    const bool per_user_secret = !config.users.schema.secret_column.empty();
    if (auto keys = make_keys(config.jwt, per_user_secret); !keys) {
      return unexpected(keys.error());
    }
  }
  return {};
}

// toml++ as Debian builds it reports syntax errors by exception; this is start-up code.
Expected<toml::table, std::string> parse_toml(std::string_view text, const std::string& source) {
  try {
    return toml::parse(text);
  } catch (const toml::parse_error& error) {
    return unexpected((source.empty() ? std::string("config") : source) + ":" +
                      std::to_string(error.source().begin.line) +
                      ": TOML syntax error: " + std::string(error.description()));
  }
}

}  // namespace

Expected<Config, std::string> load_config_text(std::string_view toml_text, const Environment& env,
                                               const std::string& source, ConfigPurpose purpose) {
  auto document = parse_toml(toml_text, source);
  if (!document) return unexpected(std::move(document).error());
  Config config;
  config.source = source;
  if (auto ok = apply_document(*document, config); !ok) return unexpected(ok.error());
  if (auto ok = apply_environment(env, detail::config_tables(), config); !ok) {
    return unexpected(ok.error());
  }
  if (auto ok = check_config(config, purpose); !ok) return unexpected(ok.error());
  for (auto& warning : unknown_variables(env)) config.warnings.push_back(std::move(warning));
  return config;
}

Expected<Config, std::string> load_config(const std::string& path, const Environment& env,
                                          ConfigPurpose purpose) {
  if (path.empty()) return load_config_text("", env, "", purpose);
  const auto text = read_file_text(path);
  if (!text) return unexpected("cannot read config file \"" + path + "\": " + text.error());
  return load_config_text(*text, env, path, purpose);
}

Expected<Settings, std::string> load_settings(std::string_view toml_text, const Environment& env) {
  auto document = parse_toml(toml_text, "");
  if (!document) return unexpected(std::move(document).error());
  const ConfigTable* jwt_auth = find_table("jwt_auth");
  Config config;
  if (const auto* node = document->get("jwt_auth")) {
    if (!node->is_table()) return unexpected(std::string("[jwt_auth] must be a table"));
    if (auto ok = apply_table(*jwt_auth, *node->as_table(), config); !ok) {
      return unexpected(ok.error());
    }
  }
  if (auto ok = apply_environment(env, {jwt_auth, 1}, config); !ok) return unexpected(ok.error());
  if (auto ok = detail::check_cookie_rules(config.jwt); !ok) return unexpected(ok.error());
  return std::move(config.jwt);
}

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

}  // namespace restjwt
