#include "restjwt/database_url.hpp"

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

}  // namespace restjwt
