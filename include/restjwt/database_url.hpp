// DatabaseUrl: where the users live, as Django projects spell it (`DATABASE_URL`).
//
// SQLite follows the SQLAlchemy / dj-database-url convention: after `sqlite://` comes an empty
// host and then the path, so three slashes introduce a relative path and four an absolute one:
//
//   sqlite:///var/restjwt.sqlite3      -> var/restjwt.sqlite3 (relative to the working directory)
//   sqlite:////srv/app/db.sqlite3      -> /srv/app/db.sqlite3
//
// `%XX` escapes in the path are decoded (a space is `%20`). In-memory databases, a host, and query
// parameters are rejected: every thread has its own connection, so an in-memory database would
// not be shared. `postgresql://` and `postgres://` URLs are recognised and kept verbatim for
// libpq, which parses them itself.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "restjwt/expected.hpp"

namespace restjwt {

struct DatabaseUrl {
  enum class Scheme : std::uint8_t { kSqlite, kPostgresql };
  Scheme scheme = Scheme::kSqlite;
  // kSqlite: the decoded file path. kPostgresql: the URL unchanged.
  std::string location;
};

// The default of the CLI and the server when neither config nor DATABASE_URL names a database.
inline constexpr std::string_view kDefaultDatabaseUrl = "sqlite:///var/restjwt.sqlite3";

// Parses `url`; the error is one line naming the URL's problem (never echoing a password).
Expected<DatabaseUrl, std::string> parse_database_url(std::string_view url);

// `url` with its password (in the authority, or a `password=` query parameter) replaced by
// "<redacted>", for logs and messages.
std::string redact_database_url(std::string_view url);

// `message` (a database library's own text, which may quote the URL it was given) with every
// occurrence of `url`, and of the password in it, redacted.
std::string redact_database_message(std::string message, std::string_view url);

}  // namespace restjwt
