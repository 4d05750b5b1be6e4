// describe_config: the effective configuration as TOML for `restjwt check-config`. It loads back
// as the same configuration, except that secrets appear as comments saying they are set.
#include <algorithm>
#include <cstdio>
#include <sstream>

#include "restjwt/config.hpp"

namespace restjwt {
namespace {

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7F) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04X", static_cast<unsigned>(u));
      out += escape;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string duration(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000);
  return quoted(std::to_string(d.count()) + "ms");
}

void secret_line(std::ostream& out, std::string_view name, const std::string& value) {
  if (value.empty()) {
    out << "# " << name << " is not set\n";
  } else {
    out << "# " << name << " = <redacted, " << value.size() << " bytes>\n";
  }
}

void optional_line(std::ostream& out, std::string_view name, const std::optional<std::string>& v) {
  if (v) {
    out << name << " = " << quoted(*v) << "\n";
  } else {
    out << "# " << name << " is not set\n";
  }
}

void print_server(std::ostream& out, const ServerOptions& s) {
  const ServerLimits& l = s.limits;
  out << "[server]\n"
      << "bind = " << quoted(s.bind.to_string()) << "\n"
      << "threads = " << effective_io_threads(s) << "\n"
      << "hash_threads = " << effective_hash_threads(s) << "\n"
      << "hash_queue = " << s.hash_queue << "\n"
      << "hash_nice = " << s.hash_nice << "\n"
      << "db_queue = " << s.db_queue << "\n"
      << "access_log = " << (s.access_log ? "true" : "false") << "\n"
      << "max_connections = " << l.max_connections << "\n"
      << "max_header_bytes = " << l.max_header_bytes << "\n"
      << "max_body_bytes = " << l.max_body_bytes << "\n"
      << "header_timeout = " << duration(l.header_timeout) << "\n"
      << "body_timeout = " << duration(l.body_timeout) << "\n"
      << "idle_timeout = " << duration(l.idle_timeout) << "\n"
      << "write_timeout = " << duration(l.write_timeout) << "\n"
      << "shutdown_timeout = " << duration(l.shutdown_timeout) << "\n"
      << "busy_pause = " << duration(l.busy_pause) << "\n";
}

void print_storage(std::ostream& out, const Config& c) {
  out << "\n[database]\n"
      << "url = " << quoted(redact_database_url(c.database.url)) << "\n"
      << "pool_size = " << c.database.pool_size << "\n"
      << "connect_timeout = " << duration(c.database.connect_timeout) << "\n"
      << "statement_timeout = " << duration(c.database.statement_timeout) << "\n";
  if (!c.database.sslmode.empty()) out << "sslmode = " << quoted(c.database.sslmode) << "\n";
  out << "\n[passwords]\nhashers = [";
  for (std::size_t i = 0; i < c.passwords.hashers.size(); ++i) {
    out << (i == 0 ? "" : ", ") << quoted(c.passwords.hashers[i]);
  }
  const PasswordHasherOptions& h = c.passwords.options;
  out << "]\npbkdf2_iterations = " << h.pbkdf2_iterations << "\n"
      << "argon2_time_cost = " << h.argon2_time_cost << "\n"
      << "argon2_memory_cost = " << h.argon2_memory_cost_kib << "\n"
      << "argon2_parallelism = " << h.argon2_parallelism << "\n"
      << "bcrypt_rounds = " << h.bcrypt_rounds << "\n"
      << "scrypt_work_factor = " << h.scrypt_work_factor << "\n"
      << "scrypt_block_size = " << h.scrypt_block_size << "\n"
      << "scrypt_parallelism = " << h.scrypt_parallelism << "\n";
  const UserTableSchema& u = c.users.schema;
  out << "\n[users]\n"
      << "table = " << quoted(u.table) << "\n"
      << "username_field = " << quoted(u.username_field) << "\n"
      << "id_type = " << (u.id_type == UserTableSchema::IdType::kUuid ? "\"uuid\"" : "\"integer\"")
      << "\n"
      << "email_field = " << quoted(u.email_field) << "\n"
      << "allow_inactive_login = " << (c.users.allow_inactive_login ? "true" : "false") << "\n";
  out << "\n[routes]\n"
      << "obtain = " << quoted(c.routes.obtain) << "\n"
      << "verify = " << quoted(c.routes.verify) << "\n"
      << "refresh = " << quoted(c.routes.refresh) << "\n"
      << "user = " << quoted(c.routes.user) << "\n";
}

void print_list(std::ostream& out, const char* name, const std::vector<std::string>& items) {
  out << name << " = [";
  for (std::size_t i = 0; i < items.size(); ++i) out << (i == 0 ? "" : ", ") << quoted(items[i]);
  out << "]\n";
}

void print_security(std::ostream& out, const Config& c) {
  const auto rate = [](const std::optional<ThrottleRate>& r) {
    if (!r) return std::string("false");
    const auto seconds = r->period.count();
    const char* unit = seconds == 86400  ? "day"
                       : seconds == 3600 ? "hour"
                       : seconds == 60   ? "min"
                                         : "s";
    return "\"" + std::to_string(r->requests) + "/" + unit + "\"";
  };
  const ThrottleConfig& t = c.throttle;
  out << "\n[throttle]\n"
      << "enabled = " << (t.enabled ? "true" : "false") << "\n"
      << "storage = "
      << (t.storage == ThrottleConfig::Storage::kDatabase ? "\"database\"" : "\"memory\"") << "\n"
      << "address_rate = " << rate(t.address_rate) << "\n"
      << "username_rate = " << rate(t.username_rate) << "\n"
      << "failures_before_backoff = " << t.failures_before_backoff << "\n"
      << "backoff_base = " << t.backoff_base.count() << "\n"
      << "backoff_max = " << t.backoff_max.count() << "\n";
  print_list(out, "trusted_proxies", t.trusted_proxies);
  out << "\n[csrf]\n";
  print_list(out, "trusted_origins", c.csrf.trusted_origins);
}

void print_jwt(std::ostream& out, const Settings& s) {
  const auto flag = [](bool b) { return b ? "true" : "false"; };
  out << "\n[jwt_auth]\n";
  secret_line(out, "JWT_SECRET_KEY", s.secret_key);
  out << "JWT_ALGORITHM = " << quoted(to_string(s.algorithm)) << "\n";
  secret_line(out, "JWT_PRIVATE_KEY", s.private_key);
  if (s.public_key.empty()) {
    out << "# JWT_PUBLIC_KEY is not set\n";
  } else {
    out << "# JWT_PUBLIC_KEY = <PEM, " << s.public_key.size() << " bytes>\n";
  }
  optional_line(out, "JWT_GET_USER_SECRET_KEY",
                s.get_user_secret_key.empty() ? std::nullopt
                                              : std::optional<std::string>(s.get_user_secret_key));
  out << "JWT_VERIFY = " << flag(s.verify) << "\n"
      << "JWT_VERIFY_EXPIRATION = " << flag(s.verify_expiration) << "\n"
      << "JWT_LEEWAY = " << s.leeway.count() << "\n"
      << "JWT_EXPIRATION_DELTA = " << s.expiration_delta.count() << "\n";
  optional_line(out, "JWT_AUDIENCE", s.audience);
  optional_line(out, "JWT_ISSUER", s.issuer);
  out << "JWT_ALLOW_REFRESH = " << flag(s.allow_refresh) << "\n"
      << "JWT_REFRESH_EXPIRATION_DELTA = " << s.refresh_expiration_delta.count() << "\n"
      << "JWT_AUTH_HEADER_PREFIX = " << quoted(s.auth_header_prefix) << "\n";
  optional_line(out, "JWT_AUTH_COOKIE", s.auth_cookie);
  out << "JWT_AUTH_COOKIE_SECURE = " << flag(s.auth_cookie_secure) << "\n"
      << "JWT_AUTH_COOKIE_SAMESITE = " << quoted(s.auth_cookie_samesite) << "\n";
  optional_line(out, "JWT_AUTH_COOKIE_DOMAIN", s.auth_cookie_domain);
  out << "JWT_AUTH_COOKIE_PATH = " << quoted(s.auth_cookie_path) << "\n";
}

}  // namespace

std::string redact_database_url(std::string_view url) {
  std::string out(url);
  const auto scheme_end = out.find("://");
  if (scheme_end == std::string::npos) return out;
  const auto authority = scheme_end + 3;
  const auto authority_end = std::min(out.find_first_of("/?#", authority), out.size());
  const auto at = out.rfind('@', authority_end);
  if (at != std::string::npos && at >= authority) {
    const auto colon = out.find(':', authority);
    if (colon != std::string::npos && colon < at)
      out.replace(colon + 1, at - colon - 1, "<redacted>");
  }
  // libpq also takes the password as a query parameter.
  for (auto p = out.find("password=", 0); p != std::string::npos;
       p = out.find("password=", p + 1)) {
    if (p == 0 || (out[p - 1] != '?' && out[p - 1] != '&')) continue;
    const auto value = p + 9;
    const auto end = std::min(out.find('&', value), out.size());
    out.replace(value, end - value, "<redacted>");
  }
  return out;
}

std::string describe_config(const Config& config) {
  std::ostringstream out;
  out << "# restjwt: effective configuration ("
      << (config.source.empty() ? std::string("no config file") : "from " + config.source)
      << ", environment applied; secrets redacted)\n";
  print_server(out, config.server);
  print_storage(out, config);
  print_security(out, config);
  print_jwt(out, config.jwt);
  return out.str();
}

}  // namespace restjwt
