#include "config/config_tables.hpp"

#include <array>
#include <charconv>
#include <type_traits>

#include "restjwt/password_hasher.hpp"

namespace restjwt::detail {
namespace {

using Apply = decltype(ConfigKey::apply);

constexpr std::string_view kDurationExpectation =
    R"(a duration: whole seconds (e.g. 10) or "500ms", "30s", "5m", "1h")";

// Each helper takes a `field(Config&) -> T&` accessor, so nested members read as plainly as
// top-level ones.
template <typename Field>
Apply count(Field field, std::int64_t min, std::int64_t max) {
  return [=](const toml::node&, const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
    auto n = to_integer(v, min, max);
    if (!n) return unexpected(n.error());
    auto& target = field(c);
    target = static_cast<std::remove_reference_t<decltype(target)>>(*n);
    return {};
  };
}

template <typename Field>
Apply duration(Field field, bool allow_zero) {
  return [=](const toml::node&, const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
    auto d = to_milliseconds(v, allow_zero);
    if (!d) return unexpected(d.error());
    field(c) = *d;
    return {};
  };
}

template <typename Field>
Apply flag(Field field) {
  return [=](const toml::node&, const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
    auto b = to_bool(v);
    if (!b) return unexpected(b.error());
    field(c) = *b;
    return {};
  };
}

bool is_sql_identifier(std::string_view s) {
  if (s.empty() || s.size() > 63 || (s.front() >= '0' && s.front() <= '9')) return false;
  for (const char ch : s) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '_';
    if (!ok) return false;
  }
  return true;
}

// Table and column names go into SQL (quoted by the store); plain identifiers keep that safe
// and catch typos early.
template <typename Field>
Apply identifier(Field field, bool allow_empty) {
  return [=](const toml::node&, const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
    const auto* s = std::get_if<std::string>(&v.value);
    const bool ok = s != nullptr && (s->empty() ? allow_empty : is_sql_identifier(*s));
    if (!ok) {
      return unexpected(invalid(v, allow_empty ? "a column name (letters, digits, '_') or \"\""
                                               : "a name of letters, digits and '_'"));
    }
    field(c) = *s;
    return {};
  };
}

// A route is compared with the request path as sent (SPEC §1: a path without its trailing slash
// answers 301, so the slash belongs to the route).
Apply route(std::string Routes::*member) {
  return [=](const toml::node&, const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
    const auto* s = std::get_if<std::string>(&v.value);
    bool ok = s != nullptr && !s->empty() && s->front() == '/' && s->back() == '/';
    for (std::size_t i = 0; ok && i < s->size(); ++i) {
      const auto u = static_cast<unsigned char>((*s)[i]);
      ok = u > 0x20 && u < 0x7F && u != '?' && u != '#' && u != '%';
    }
    if (!ok) {
      return unexpected(
          invalid(v,
                  "a path that starts and ends with '/', without spaces, '?', '#' or '%', e.g. "
                  "\"/api-token-auth/\""));
    }
    c.routes.*member = *s;
    return {};
  };
}

Apply bind() {
  return [](const toml::node&, const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
    const auto* s = std::get_if<std::string>(&v.value);
    auto parsed = s != nullptr ? parse_bind_address(*s) : std::nullopt;
    if (!parsed) return unexpected(invalid(v, kBindExpectation));
    c.server.bind = *parsed;
    return {};
  };
}

Apply database_url() {
  return [](const toml::node&, const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
    auto s = to_nonempty_string(v);
    if (!s) return unexpected(s.error());
    // The parser's message never echoes a PostgreSQL password.
    auto parsed = parse_database_url(*s);
    if (!parsed) return unexpected(v.origin + ": " + parsed.error());
    c.database.url = *s;
    c.database.parsed = *parsed;
    return {};
  };
}

Apply sslmode() {
  return [](const toml::node&, const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
    constexpr std::array<std::string_view, 6> kModes{"disable", "allow",     "prefer",
                                                     "require", "verify-ca", "verify-full"};
    auto mode = to_choice(v, kModes);
    if (!mode) return unexpected(mode.error());
    c.database.sslmode = *mode;
    return {};
  };
}

Apply id_type() {
  return [](const toml::node&, const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
    constexpr std::array<std::string_view, 2> kChoices{"integer", "uuid"};
    auto choice = to_choice(v, kChoices);
    if (!choice) return unexpected(choice.error());
    c.users.schema.id_type =
        *choice == "uuid" ? UserTableSchema::IdType::kUuid : UserTableSchema::IdType::kInteger;
    return {};
  };
}

Apply hasher_names() {
  return
      [](const toml::node& node, const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
        const auto* array = node.as_array();
        std::vector<std::string> names;
        bool ok = array != nullptr && !array->empty();
        for (std::size_t i = 0; ok && i < array->size(); ++i) {
          const auto* name = array->get(i)->as_string();
          ok = name != nullptr;
          if (ok) names.push_back(name->get());
        }
        if (!ok) {
          const std::string shown = array == nullptr ? v.display() : array->empty() ? "[]" : "[…]";
          return unexpected(v.origin + " = " + shown +
                            ": expected a non-empty list of hasher names, e.g. [\"pbkdf2_sha256\", "
                            "\"argon2\"]");
        }
        c.passwords.hashers = std::move(names);  // the names are checked with the iterations
        return {};
      };
}

#define RESTJWT_FIELD(expr) \
  [](Config & c) -> auto& { return c.expr; }  // NOLINT: brevity

const std::vector<ConfigKey>& server_keys() {
  static const std::vector<ConfigKey> keys{
      {"bind", bind()},
      {"threads", count(RESTJWT_FIELD(server.io_threads), 1, 256)},
      {"hash_threads", count(RESTJWT_FIELD(server.hash_threads), 1, 256)},
      {"hash_queue", count(RESTJWT_FIELD(server.hash_queue), 0, 100'000)},
      {"hash_nice", count(RESTJWT_FIELD(server.hash_nice), 0, 19)},
      {"db_queue", count(RESTJWT_FIELD(server.db_queue), 0, 1'000'000)},
      {"access_log", flag(RESTJWT_FIELD(server.access_log))},
      {"max_connections", count(RESTJWT_FIELD(server.limits.max_connections), 1, 1'000'000)},
      {"max_header_bytes", count(RESTJWT_FIELD(server.limits.max_header_bytes), 1024, 1 << 20)},
      {"max_body_bytes", count(RESTJWT_FIELD(server.limits.max_body_bytes), 0, 1 << 30)},
      {"header_timeout", duration(RESTJWT_FIELD(server.limits.header_timeout), false)},
      {"body_timeout", duration(RESTJWT_FIELD(server.limits.body_timeout), false)},
      {"idle_timeout", duration(RESTJWT_FIELD(server.limits.idle_timeout), false)},
      {"write_timeout", duration(RESTJWT_FIELD(server.limits.write_timeout), false)},
      {"shutdown_timeout", duration(RESTJWT_FIELD(server.limits.shutdown_timeout), true)},
      {"busy_pause", duration(RESTJWT_FIELD(server.limits.busy_pause), true)},
  };
  return keys;
}

const std::vector<ConfigKey>& database_keys() {
  static const std::vector<ConfigKey> keys{
      {"url", database_url()},
      {"pool_size", count(RESTJWT_FIELD(database.pool_size), 1, 1024)},
      {"connect_timeout", duration(RESTJWT_FIELD(database.connect_timeout), false)},
      {"statement_timeout", duration(RESTJWT_FIELD(database.statement_timeout), false)},
      {"sslmode", sslmode()},
  };
  return keys;
}

const std::vector<ConfigKey>& password_keys() {
  static const std::vector<ConfigKey> keys{
      {"hashers", hasher_names()},
      {"pbkdf2_iterations",
       count(RESTJWT_FIELD(passwords.options.pbkdf2_iterations), 1,
             static_cast<std::int64_t>(PasswordHasherLimits::kMaxPbkdf2Iterations))},
      // Ranges here are what a TOML integer may hold; the hashers check their own rules
      // (argon2 memory ≥ 8 × parallelism, scrypt's power of two and memory bound) at load.
      {"argon2_time_cost", count(RESTJWT_FIELD(passwords.options.argon2_time_cost), 1,
                                 PasswordHasherLimits::kMaxArgon2TimeCost)},
      {"argon2_memory_cost", count(RESTJWT_FIELD(passwords.options.argon2_memory_cost_kib), 8,
                                   PasswordHasherLimits::kMaxArgon2MemoryKib)},
      {"argon2_parallelism", count(RESTJWT_FIELD(passwords.options.argon2_parallelism), 1,
                                   PasswordHasherLimits::kMaxArgon2Parallelism)},
      {"bcrypt_rounds", count(RESTJWT_FIELD(passwords.options.bcrypt_rounds), 4,
                              PasswordHasherLimits::kMaxBcryptRounds)},
      {"scrypt_work_factor",
       count(RESTJWT_FIELD(passwords.options.scrypt_work_factor), 2, std::int64_t{1} << 30)},
      {"scrypt_block_size", count(RESTJWT_FIELD(passwords.options.scrypt_block_size), 1, 1024)},
      {"scrypt_parallelism", count(RESTJWT_FIELD(passwords.options.scrypt_parallelism), 1, 1024)},
  };
  return keys;
}

const std::vector<ConfigKey>& user_keys() {
  static const std::vector<ConfigKey> keys{
      {"table", identifier(RESTJWT_FIELD(users.schema.table), false)},
      {"username_field", identifier(RESTJWT_FIELD(users.schema.username_field), false)},
      {"id_type", id_type()},
      {"email_field", identifier(RESTJWT_FIELD(users.schema.email_field), true)},
      {"allow_inactive_login", flag(RESTJWT_FIELD(users.allow_inactive_login))},
  };
  return keys;
}

#undef RESTJWT_FIELD

const std::vector<ConfigKey>& route_keys() {
  static const std::vector<ConfigKey> keys{
      {"obtain", route(&Routes::obtain)},
      {"verify", route(&Routes::verify)},
      {"refresh", route(&Routes::refresh)},
      {"user", route(&Routes::user)},
  };
  return keys;
}

// A list of strings, each checked by `valid`; `expectation` describes one element.
Apply string_list(const std::function<std::vector<std::string>&(Config&)>& field,
                  const std::function<bool(std::string_view)>& valid,
                  const std::string& expectation) {
  return
      [=](const toml::node& node, const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
        const auto* array = node.as_array();
        std::vector<std::string> items;
        bool ok = array != nullptr;
        for (std::size_t i = 0; ok && i < array->size(); ++i) {
          const auto* item = array->get(i)->as_string();
          ok = item != nullptr && valid(item->get());
          if (ok) items.push_back(item->get());
        }
        if (!ok) return unexpected(v.origin + ": expected a list of " + expectation);
        field(c) = std::move(items);
        return {};
      };
}

// "30/min", or false to turn that limit off.
Apply rate(std::optional<ThrottleRate> ThrottleSettings::*member) {
  return [=](const toml::node&, const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
    if (const auto* off = std::get_if<bool>(&v.value); off != nullptr && !*off) {
      c.throttle.*member = std::nullopt;
      return {};
    }
    const auto* s = std::get_if<std::string>(&v.value);
    auto parsed = s != nullptr ? parse_throttle_rate(*s) : std::nullopt;
    if (!parsed)
      return unexpected(
          invalid(v, R"(a rate like "5/min", "100/hour" (s, min, hour, day), or false)"));
    c.throttle.*member = *parsed;
    return {};
  };
}

Apply seconds(std::chrono::seconds ThrottleSettings::*member) {
  return [=](const toml::node&, const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
    auto d = to_duration(v);
    if (!d) return unexpected(d.error());
    c.throttle.*member = *d;
    return {};
  };
}

bool is_ip_literal(std::string_view s) {
  return !s.empty() && s.size() <= 45 &&
         s.find_first_not_of("0123456789abcdefABCDEF.:") == std::string_view::npos;
}

bool is_origin(std::string_view s) {
  return (s.starts_with("https://") || s.starts_with("http://")) &&
         s.find('/', 8) == std::string_view::npos &&
         s.find_first_of(" \t\r\n,;") == std::string_view::npos;
}

Apply throttle_storage() {
  return [](const toml::node&, const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
    constexpr std::array<std::string_view, 2> kChoices{"memory", "database"};
    auto choice = to_choice(v, kChoices);
    if (!choice) return unexpected(choice.error());
    c.throttle.storage = *choice == "database" ? ThrottleConfig::Storage::kDatabase
                                               : ThrottleConfig::Storage::kMemory;
    return {};
  };
}

const std::vector<ConfigKey>& throttle_keys() {
  static const std::vector<ConfigKey> keys{
      {"enabled", flag([](Config& c) -> bool& { return c.throttle.enabled; })},
      {"storage", throttle_storage()},
      {"address_rate", rate(&ThrottleSettings::address_rate)},
      {"username_rate", rate(&ThrottleSettings::username_rate)},
      {"failures_before_backoff",
       count([](Config& c) -> std::uint32_t& { return c.throttle.failures_before_backoff; }, 1,
             1000)},
      {"backoff_base", seconds(&ThrottleSettings::backoff_base)},
      {"backoff_max", seconds(&ThrottleSettings::backoff_max)},
      {"trusted_proxies",
       string_list(
           [](Config& c) -> std::vector<std::string>& { return c.throttle.trusted_proxies; },
           is_ip_literal, R"(IP addresses, e.g. ["127.0.0.1", "::1"])")},
  };
  return keys;
}

const std::vector<ConfigKey>& csrf_keys() {
  static const std::vector<ConfigKey> keys{
      {"trusted_origins",
       string_list([](Config& c) -> std::vector<std::string>& { return c.csrf.trusted_origins; },
                   is_origin,
                   "origins, e.g. [\"https://app.example.com\"] (scheme and host, no path)")},
  };
  return keys;
}

}  // namespace

std::span<const ConfigTable> config_tables() {
  static const std::array<ConfigTable, 7> tables{{
      {"server", server_keys()},
      {"database", database_keys()},
      {"passwords", password_keys()},
      {"users", user_keys()},
      {"routes", route_keys()},
      {"throttle", throttle_keys()},
      {"csrf", csrf_keys()},
  }};
  return tables;
}

Expected<std::chrono::milliseconds, ConfigError> to_milliseconds(const ConfigValue& v,
                                                                 bool allow_zero) {
  std::optional<std::chrono::milliseconds> result;
  if (const auto* i = std::get_if<std::int64_t>(&v.value)) {
    if (*i >= 0 && *i <= (std::int64_t{1} << 40)) result = std::chrono::seconds(*i);
  } else if (const auto* s = std::get_if<std::string>(&v.value)) {
    if (s->size() > 2 && s->ends_with("ms")) {
      std::int64_t ms = 0;
      const char* end = s->data() + s->size() - 2;
      const auto [ptr, ec] = std::from_chars(s->data(), end, ms);
      if (ec == std::errc{} && ptr == end && ms >= 0) result = std::chrono::milliseconds(ms);
    } else if (auto d = parse_duration(*s)) {
      result = *d;
    }
  }
  if (!result) return unexpected(invalid(v, kDurationExpectation));
  if (!allow_zero && result->count() == 0) {
    return unexpected(invalid(v, "a duration greater than zero"));
  }
  return *result;
}

}  // namespace restjwt::detail
