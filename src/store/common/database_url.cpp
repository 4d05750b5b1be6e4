#include "restjwt/database_url.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "core/percent_decode.hpp"

namespace restjwt {
namespace {

constexpr std::string_view kSqlitePrefix = "sqlite://";

Expected<DatabaseUrl, std::string> parse_sqlite(std::string_view url) {
  const std::string_view rest = url.substr(kSqlitePrefix.size());
  const auto usage = [&](std::string_view why) {
    return unexpected(std::string("invalid database URL \"") + std::string(url) +
                      "\": " + std::string(why) +
                      " (use sqlite:///relative/path.sqlite3 or sqlite:////absolute/path.sqlite3)");
  };
  if (rest.empty() || rest.front() != '/') {
    return usage("a host is not allowed in a SQLite URL");
  }
  const std::string_view path = rest.substr(1);  // the '/' that ends the empty host
  if (path.empty()) {
    return usage("the path is empty");
  }
  if (path.find_first_of("?#") != std::string_view::npos) {
    return usage("query parameters are not supported");
  }
  // dj-database-url unquotes the path, so `%20` is how a space is written in DATABASE_URL.
  auto decoded = detail::percent_decode_strict(path);
  if (!decoded) {
    return usage("a '%' escape is not followed by two hex digits");
  }
  if (*decoded == ":memory:") {
    return usage("an in-memory database cannot be shared by threads");
  }
  if (decoded->find('\0') != std::string::npos) {
    return usage("the path contains %00");
  }
  return DatabaseUrl{DatabaseUrl::Scheme::kSqlite, std::move(*decoded)};
}

}  // namespace

Expected<DatabaseUrl, std::string> parse_database_url(std::string_view url) {
  if (url.starts_with(kSqlitePrefix)) {
    return parse_sqlite(url);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return DatabaseUrl{DatabaseUrl::Scheme::kPostgresql, std::string(url)};
  }
  // The scheme alone is echoed: a URL of another kind may carry a password.
  const auto colon = url.find(':');
  const std::string scheme(url.substr(0, colon == std::string_view::npos ? 0 : colon));
  return unexpected(std::string("unsupported database URL scheme \"") + scheme +
                    "\" (expected sqlite:// or postgresql://)");
}

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

namespace {

// The password of a URL's authority, as written (percent-escapes kept), or "".
std::string_view password_in(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  const auto authority = scheme_end + 3;
  const auto authority_end = std::min(url.find_first_of("/?#", authority), url.size());
  const auto at = url.rfind('@', authority_end);
  if (at == std::string_view::npos || at < authority) return {};
  const auto colon = url.find(':', authority);
  if (colon == std::string_view::npos || colon > at) return {};
  return url.substr(colon + 1, at - colon - 1);
}

void replace_all(std::string& text, std::string_view what, std::string_view with) {
  if (what.empty()) return;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size())) {
    text.replace(at, what.size(), with);
  }
}

}  // namespace

std::string redact_database_message(std::string message, std::string_view url) {
  replace_all(message, url, redact_database_url(url));
  const std::string_view password = password_in(url);
  // Short passwords would match ordinary words of the message; the URL itself is gone already.
  if (password.size() >= 4) {
    replace_all(message, password, "<redacted>");
    replace_all(message, detail::percent_decode(password, false), "<redacted>");
  }
  return message;
}

}  // namespace restjwt
