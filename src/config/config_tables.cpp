// The keys of [server], [database], [passwords], [users], [routes], [throttle] and [csrf].
#include <algorithm>
#include <array>
#include <charconv>

#include "config/config_keys.hpp"
#include "restjwt/password_hasher.hpp"
#include "views/cors.hpp"

namespace restjwt::detail {
namespace {

using Kind = ConfigKey::Kind;
using Limits = PasswordHasherLimits;

std::optional<std::string> quoted(const std::string& s) { return toml_string(s); }

bool is_sql_identifier(std::string_view s) {
  if (s.empty() || s.size() > 63 || (s.front() >= '0' && s.front() <= '9')) return false;
  for (const char ch : s) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '_';
    if (!ok) return false;
  }
  return true;
}

// Table and column names go into SQL (quoted by the store); plain identifiers keep that safe and
// catch typos early.
template <auto... Members>
ConfigKey identifier_key(std::string_view name, bool allow_empty) {
  return string_key<Members...>(
      name, [allow_empty](const ConfigValue& v) -> Expected<std::string, ConfigError> {
        const auto* s = std::get_if<std::string>(&v.value);
        if (s != nullptr && (s->empty() ? allow_empty : is_sql_identifier(*s))) return *s;
        return unexpected(invalid(v, allow_empty ? "a column name (letters, digits, '_') or \"\""
                                                 : "a name of letters, digits and '_'"));
      });
}

// "30/min", or false to turn that limit off.
template <auto Member>
ConfigKey rate_key(std::string_view name) {
  return key<&Config::throttle, Member>(
      name,
      [](const ConfigValue& v) -> Expected<std::optional<ThrottleRate>, ConfigError> {
        if (const auto* off = std::get_if<bool>(&v.value); off != nullptr && !*off) {
          return std::optional<ThrottleRate>();
        }
        const auto* s = std::get_if<std::string>(&v.value);
        if (s != nullptr && v.from_environment && (*s == "false" || *s == "off")) {
          return std::optional<ThrottleRate>();
        }
        auto parsed = s != nullptr ? parse_throttle_rate(*s) : std::nullopt;
        if (!parsed) {
          return unexpected(
              invalid(v, R"(a rate like "5/min", "100/hour" (s, min, hour, day), or false)"));
        }
        return parsed;
      },
      [](const std::optional<ThrottleRate>& r) -> std::optional<std::string> {
        if (!r) return "false";
        const auto seconds = r->period.count();
        const char* unit = seconds == 86400  ? "day"
                           : seconds == 3600 ? "hour"
                           : seconds == 60   ? "min"
                                             : "s";
        return "\"" + std::to_string(r->requests) + "/" + unit + "\"";
      });
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

// RFC 9110 token characters: a header name or a method.
bool is_http_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

// Checked by compiling it, as the Application will.
ConfigKey origin_regexes_key() {
  ConfigKey k = list_key<&Config::cors, &CorsOptions::allowed_origin_regexes>(
      "allowed_origin_regexes", [](std::string_view) { return true; },
      R"(regular expressions, e.g. ["https://\w+\.example\.com"])");
  const auto read = k.apply;
  k.apply = [read](const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
    if (auto ok = read(v, c); !ok) return ok;
    for (const auto& pattern : c.cors.allowed_origin_regexes) {
      if (auto error = origin_regex_error(pattern)) {
        return unexpected(v.origin + ": \"" + pattern + "\" is not an ECMAScript regular " +
                          "expression (" + *error + ")");
      }
    }
    return {};
  };
  return k;
}

// Thread counts: 0 stands for "as many as there are cores"; check-config prints what it became.
template <auto Member>
ConfigKey threads_key(std::string_view name, unsigned (*effective)(const ServerOptions&)) {
  ConfigKey k = count_key<&Config::server, Member>(name, 1, 256);
  k.print = [name, effective](const Config& c) {
    return std::string(name) + " = " + std::to_string(effective(c.server));
  };
  return k;
}

ConfigKey bind_key() {
  return key<&Config::server, &ServerOptions::bind>(
      "bind",
      [](const ConfigValue& v) -> Expected<BindAddress, ConfigError> {
        const auto* s = std::get_if<std::string>(&v.value);
        auto parsed = s != nullptr ? parse_bind_address(*s) : std::nullopt;
        if (!parsed) return unexpected(invalid(v, kBindExpectation));
        return *parsed;
      },
      [](const BindAddress& b) { return quoted(b.to_string()); });
}

// An operator's route: a path of its own (no query, no spaces), or "" for none.
template <auto Member>
ConfigKey probe_path_key(std::string_view name) {
  return string_key<&Config::probes, Member>(
      name, [](const ConfigValue& v) -> Expected<std::string, ConfigError> {
        const auto* s = std::get_if<std::string>(&v.value);
        bool ok = s != nullptr && (s->empty() || s->front() == '/');
        for (std::size_t i = 0; ok && i < s->size(); ++i) {
          const auto u = static_cast<unsigned char>((*s)[i]);
          ok = u > 0x20 && u < 0x7F && u != '?' && u != '#' && u != '%';
        }
        if (ok) return *s;
        return unexpected(
            invalid(v, "a path starting with '/' (no spaces, '?', '#' or '%'), or \"\""));
      });
}

ConfigKey metrics_bind_key() {
  return key<&Config::probes, &ProbesConfig::metrics_bind>(
      "metrics_bind",
      [](const ConfigValue& v) -> Expected<std::optional<BindAddress>, ConfigError> {
        const auto* s = std::get_if<std::string>(&v.value);
        if (s != nullptr && s->empty()) return std::optional<BindAddress>();
        auto parsed = s != nullptr ? parse_bind_address(*s) : std::nullopt;
        if (!parsed) return unexpected(invalid(v, std::string(kBindExpectation) + ", or \"\""));
        return parsed;
      },
      [](const std::optional<BindAddress>& b) -> std::optional<std::string> {
        if (!b) return std::nullopt;
        return toml_string(b->to_string());
      });
}

ConfigKey database_url_key() {
  ConfigKey k;
  k.name = "url";
  k.apply = [](const ConfigValue& v, Config& c) -> Expected<void, ConfigError> {
    auto s = to_nonempty_string(v);
    if (!s) return unexpected(s.error());
    // The parser's message never echoes a PostgreSQL password.
    auto parsed = parse_database_url(*s);
    if (!parsed) return unexpected(v.origin + ": " + parsed.error());
    c.database.url = *s;
    c.database.parsed = *parsed;
    return {};
  };
  k.print = [](const Config& c) {
    return "url = " + toml_string(redact_database_url(c.database.url));
  };
  return k;
}

ConfigKey hashers_key() {
  ConfigKey k = key<&Config::passwords, &PasswordConfig::hashers>(
      "hashers",
      [](const ConfigValue& v) -> Expected<std::vector<std::string>, ConfigError> {
        // The names themselves are checked with the work factors, once every key is read.
        const auto* names = std::get_if<ConfigValue::List>(&v.value);
        if (names != nullptr && !names->empty()) return *names;
        const bool array = names != nullptr || std::holds_alternative<ConfigValue::Other>(v.value);
        return unexpected(v.origin + " = " +
                          (names != nullptr ? "[]"
                           : array          ? "[…]"
                                            : v.display()) +
                          ": expected a non-empty list of hasher names, e.g. [\"pbkdf2_sha256\", "
                          "\"argon2\"]");
      },
      [](const std::vector<std::string>& names) {
        return std::optional<std::string>(toml_list(names));
      });
  k.kind = Kind::kList;
  return k;
}

constexpr std::array<std::string_view, 4> kLogLevels{"debug", "info", "warning", "error"};
constexpr std::array<std::string_view, 2> kLogFormats{"text", "json"};

// A header name (RFC 9110 token characters), or "" for none.
Expected<std::string, ConfigError> to_request_id_header(const ConfigValue& v) {
  const auto* s = std::get_if<std::string>(&v.value);
  const bool ok = s != nullptr && s->size() <= 64 && std::all_of(s->begin(), s->end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '-' || c == '_';
                  });
  if (!ok) return unexpected(invalid(v, R"(a header name like "X-Request-ID", or "" for none)"));
  return *s;
}

constexpr std::array<std::string_view, 6> kSslModes{"disable", "allow",     "prefer",
                                                    "require", "verify-ca", "verify-full"};
constexpr std::array<std::string_view, 2> kIdTypes{"integer", "uuid"};
constexpr std::array<std::string_view, 2> kStorages{"memory", "database"};

}  // namespace

std::span<const ConfigKey> server_keys() {
  using S = ServerOptions;
  using L = ServerLimits;
  constexpr auto C = &Config::server;
  static const std::vector<ConfigKey> keys{
      bind_key(),
      threads_key<&S::io_threads>("threads", effective_io_threads),
      threads_key<&S::hash_threads>("hash_threads", effective_hash_threads),
      count_key<C, &S::hash_queue>("hash_queue", 0, 100'000),
      count_key<C, &S::hash_nice>("hash_nice", 0, 19),
      count_key<C, &S::db_queue>("db_queue", 0, 1'000'000),
      flag_key<&Config::log, &LogConfig::access_log>("access_log"),
      choice_key<&Config::log, &LogConfig::level>(
          "log_level", kLogLevels,
          [](std::string_view s) {
            return s == "debug"     ? LogLevel::kDebug
                   : s == "warning" ? LogLevel::kWarning
                   : s == "error"   ? LogLevel::kError
                                    : LogLevel::kInfo;
          },
          [](LogLevel level) { return to_string(level); }),
      choice_key<&Config::log, &LogConfig::format>(
          "log_format", kLogFormats,
          [](std::string_view s) { return s == "json" ? LogFormat::kJson : LogFormat::kText; },
          [](LogFormat f) { return f == LogFormat::kJson ? "json" : "text"; }),
      string_key<C, &S::request_id_header>("request_id_header", to_request_id_header),
      probe_path_key<&ProbesConfig::health_path>("health_path"),
      probe_path_key<&ProbesConfig::ready_path>("ready_path"),
      probe_path_key<&ProbesConfig::metrics_path>("metrics_path"),
      metrics_bind_key(),
      milliseconds_key<&Config::probes, &ProbesConfig::ready_timeout>("ready_timeout", false),
      count_key<C, &S::limits, &L::max_connections>("max_connections", 1, 1'000'000),
      count_key<C, &S::limits, &L::max_header_bytes>("max_header_bytes", 1024, 1 << 20),
      count_key<C, &S::limits, &L::max_body_bytes>("max_body_bytes", 0, 1 << 30),
      milliseconds_key<C, &S::limits, &L::first_byte_timeout>("first_byte_timeout", false),
      milliseconds_key<C, &S::limits, &L::header_timeout>("header_timeout", false),
      milliseconds_key<C, &S::limits, &L::body_timeout>("body_timeout", false),
      milliseconds_key<C, &S::limits, &L::idle_timeout>("idle_timeout", false),
      milliseconds_key<C, &S::limits, &L::write_timeout>("write_timeout", false),
      milliseconds_key<C, &S::limits, &L::drain_delay>("drain_delay", true),
      milliseconds_key<C, &S::limits, &L::shutdown_timeout>("shutdown_timeout", true),
      milliseconds_key<C, &S::limits, &L::busy_pause>("busy_pause", true),
  };
  return keys;
}

std::span<const ConfigKey> database_keys() {
  using D = DatabaseConfig;
  constexpr auto C = &Config::database;
  static const std::vector<ConfigKey> keys{
      database_url_key(),
      count_key<C, &D::pool_size>("pool_size", 1, 1024),
      milliseconds_key<C, &D::connect_timeout>("connect_timeout", false),
      milliseconds_key<C, &D::statement_timeout>("statement_timeout", false),
      milliseconds_key<C, &D::read_timeout>("read_timeout", false),
      key<C, &D::sslmode>(
          "sslmode", [](const ConfigValue& v) { return to_choice(v, kSslModes); },
          [](const std::string& mode) -> std::optional<std::string> {
            if (mode.empty()) return std::nullopt;  // the URL's own, or libpq's default
            return toml_string(mode);
          }),
  };
  return keys;
}

namespace {

// A [passwords] key that also records that it was set (apply_django_version leaves it alone).
ConfigKey recorded(ConfigKey k) {
  k.apply = [name = k.name, apply = std::move(k.apply)](const ConfigValue& v,
                                                        Config& c) -> Expected<void, ConfigError> {
    if (auto ok = apply(v, c); !ok) return ok;
    c.passwords.set_keys.emplace_back(name);
    return {};
  };
  return k;
}

ConfigKey django_version_key() {
  static const std::vector<std::string_view> versions = known_django_versions();
  return string_key<&Config::passwords, &PasswordConfig::django_version>(
      "django_version", [](const ConfigValue& v) { return to_choice(v, versions); });
}

}  // namespace

void apply_django_version(Config& config) {
  PasswordConfig& p = config.passwords;
  const auto defaults = django_password_defaults(p.django_version);
  if (!defaults) return;  // the key accepts only known versions
  const auto take = [&](std::string_view key, auto member) {
    if (std::find(p.set_keys.begin(), p.set_keys.end(), key) == p.set_keys.end()) {
      p.options.*member = defaults->options.*member;
    }
  };
  using O = PasswordHasherOptions;
  take("pbkdf2_iterations", &O::pbkdf2_iterations);
  take("argon2_time_cost", &O::argon2_time_cost);
  take("argon2_memory_cost", &O::argon2_memory_cost_kib);
  take("argon2_parallelism", &O::argon2_parallelism);
  take("bcrypt_rounds", &O::bcrypt_rounds);
  take("scrypt_work_factor", &O::scrypt_work_factor);
  take("scrypt_block_size", &O::scrypt_block_size);
  take("scrypt_parallelism", &O::scrypt_parallelism);
  if (std::find(p.set_keys.begin(), p.set_keys.end(), "hashers") == p.set_keys.end()) {
    p.hashers = defaults->hashers;
  }
}

std::span<const ConfigKey> password_keys() {
  using O = PasswordHasherOptions;
  constexpr auto C = &Config::passwords;
  constexpr auto P = &PasswordConfig::options;
  // Ranges here are what the hashers accept at all; they check their own rules (argon2 memory
  // ≥ 8 × parallelism, scrypt's power of two and memory bound) when they are built. Every key
  // but django_version is recorded as set, so that django_version's defaults leave it alone.
  static const std::vector<ConfigKey> keys = [] {
    std::vector<ConfigKey> recorded_keys{django_version_key()};
    for (ConfigKey& k : std::vector<ConfigKey>{
             hashers_key(),
             count_key<C, P, &O::pbkdf2_iterations>(
                 "pbkdf2_iterations", 1, static_cast<std::int64_t>(Limits::kMaxPbkdf2Iterations)),
             count_key<C, P, &O::argon2_time_cost>("argon2_time_cost", 1,
                                                   Limits::kMaxArgon2TimeCost),
             count_key<C, P, &O::argon2_memory_cost_kib>("argon2_memory_cost", 8,
                                                         Limits::kMaxArgon2MemoryKib),
             count_key<C, P, &O::argon2_parallelism>("argon2_parallelism", 1,
                                                     Limits::kMaxArgon2Parallelism),
             count_key<C, P, &O::bcrypt_rounds>("bcrypt_rounds", 4, Limits::kMaxBcryptRounds),
             count_key<C, P, &O::scrypt_work_factor>("scrypt_work_factor", 2,
                                                     std::int64_t{1} << 30),
             count_key<C, P, &O::scrypt_block_size>("scrypt_block_size", 1, 1024),
             count_key<C, P, &O::scrypt_parallelism>("scrypt_parallelism", 1, 1024),
         }) {
      recorded_keys.push_back(recorded(std::move(k)));
    }
    return recorded_keys;
  }();
  return keys;
}

std::span<const ConfigKey> user_keys() {
  using T = UserTableSchema;
  constexpr auto C = &Config::users;
  constexpr auto S = &UsersConfig::schema;
  static const std::vector<ConfigKey> keys{
      identifier_key<C, S, &T::table>("table", false),
      identifier_key<C, S, &T::username_field>("username_field", false),
      choice_key<C, S, &T::id_type>(
          "id_type", kIdTypes,
          [](std::string_view s) { return s == "uuid" ? T::IdType::kUuid : T::IdType::kInteger; },
          [](T::IdType t) { return t == T::IdType::kUuid ? "uuid" : "integer"; }),
      identifier_key<C, S, &T::email_field>("email_field", true),
      flag_key<C, &UsersConfig::allow_inactive_login>("allow_inactive_login"),
      flag_key<C, &UsersConfig::update_last_login>("update_last_login"),
  };
  return keys;
}

std::span<const ConfigKey> route_keys() {
  static const std::vector<ConfigKey> keys{
      route_key<&Config::routes, &Routes::obtain>("obtain"),
      route_key<&Config::routes, &Routes::verify>("verify"),
      route_key<&Config::routes, &Routes::refresh>("refresh"),
      route_key<&Config::routes, &Routes::user>("user"),
      route_key<&Config::routes, &Routes::revoke>("revoke"),
  };
  return keys;
}

std::span<const ConfigKey> throttle_keys() {
  using T = ThrottleConfig;
  constexpr auto C = &Config::throttle;
  static const std::vector<ConfigKey> keys{
      flag_key<C, &T::enabled>("enabled"),
      choice_key<C, &T::storage>(
          "storage", kStorages,
          [](std::string_view s) {
            return s == "database" ? T::Storage::kDatabase : T::Storage::kMemory;
          },
          [](T::Storage s) { return s == T::Storage::kDatabase ? "database" : "memory"; }),
      milliseconds_key<C, &T::timeout>("timeout", false),
      rate_key<&T::address_rate>("address_rate"),
      rate_key<&T::username_rate>("username_rate"),
      count_key<C, &T::failures_before_backoff>("failures_before_backoff", 1, 1000),
      seconds_key<C, &T::backoff_base>("backoff_base"),
      seconds_key<C, &T::backoff_max>("backoff_max"),
      list_key<C, &T::trusted_proxies>("trusted_proxies", is_ip_literal,
                                       R"(IP addresses, e.g. ["127.0.0.1", "::1"])"),
  };
  return keys;
}

std::span<const ConfigKey> revocation_keys() {
  using R = RevocationConfig;
  constexpr auto C = &Config::revocation;
  static const std::vector<ConfigKey> keys{
      seconds_key<C, &R::poll_interval>("poll_interval"),
      seconds_key<C, &R::purge_interval>("purge_interval"),
  };
  return keys;
}

std::span<const ConfigKey> csrf_keys() {
  static const std::vector<ConfigKey> keys{
      list_key<&Config::csrf, &CsrfConfig::trusted_origins>(
          "trusted_origins", is_origin,
          "origins, e.g. [\"https://app.example.com\"] (scheme and host, no path)"),
  };
  return keys;
}

std::span<const ConfigKey> cors_keys() {
  using O = CorsOptions;
  constexpr auto C = &Config::cors;
  static const std::vector<ConfigKey> keys{
      list_key<C, &O::allowed_origins>(
          "allowed_origins", is_origin,
          "origins, e.g. [\"https://app.example.com\"] (scheme and host, no path)"),
      origin_regexes_key(),
      flag_key<C, &O::allow_credentials>("allow_credentials"),
      list_key<C, &O::allow_headers>("allow_headers", is_http_token,
                                     R"(header names, e.g. ["authorization", "content-type"])"),
      list_key<C, &O::allow_methods>("allow_methods", is_http_token,
                                     R"(methods, e.g. ["GET", "POST", "OPTIONS"])"),
      seconds_key<C, &O::max_age>("max_age"),
      list_key<C, &O::expose_headers>("expose_headers", is_http_token,
                                      R"(header names, e.g. ["x-auth-username"])"),
  };
  return keys;
}

std::span<const ConfigTable> config_tables() {
  static const std::array<ConfigTable, 13> tables{{
      {"server", server_keys()},
      {"database", database_keys()},
      {"passwords", password_keys()},
      {"users", user_keys()},
      {"routes", route_keys()},
      {"throttle", throttle_keys()},
      {"revocation", revocation_keys()},
      {"csrf", csrf_keys()},
      {"cors", cors_keys()},
      {"keys", key_ring_keys()},
      {"remote_jwks", remote_jwks_keys()},
      {"simplejwt", simplejwt_keys()},
      {"jwt_auth", jwt_auth_keys(), /*keys_are_environment_names=*/true},
  }};
  return tables;
}

std::string environment_name(const ConfigTable& table, const ConfigKey& key) {
  if (table.keys_are_environment_names) return std::string(key.name);
  std::string name = "RESTJWT_";
  for (const char c : table.name)
    name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  name += "__";
  for (const char c : key.name)
    name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

Expected<std::chrono::milliseconds, ConfigError> to_milliseconds(const ConfigValue& v,
                                                                 bool allow_zero) {
  constexpr std::string_view kExpectation =
      R"(a duration: whole seconds (e.g. 10) or "500ms", "30s", "5m", "1h")";
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
  if (!result) return unexpected(invalid(v, kExpectation));
  if (!allow_zero && result->count() == 0) {
    return unexpected(invalid(v, "a duration greater than zero"));
  }
  return *result;
}

}  // namespace restjwt::detail
