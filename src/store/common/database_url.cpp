#include "restjwt/database_url.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace restjwt {
namespace {

constexpr std::string_view kSqlitePrefix = "sqlite://";

std::optional<int> hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return std::nullopt;
}

// dj-database-url unquotes the path, so `%20` is how a space is written in DATABASE_URL.
std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) {
      return std::nullopt;
    }
    const auto high = hex_value(text[i + 1]);
    const auto low = hex_value(text[i + 2]);
    if (!high || !low) {
      return std::nullopt;
    }
    out.push_back(static_cast<char>(*high * 16 + *low));
    i += 2;
  }
  return out;
}

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
  auto decoded = percent_decode(path);
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

}  // namespace restjwt
