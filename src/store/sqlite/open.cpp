// Opening a SqliteUserStore: every way a database can be wrong gets its own message, and nothing
// is written to a file before it is known to hold the user table.
#include <cerrno>
#include <cstdlib>
#include <string>
#include <system_error>

#include <sqlite3.h>
#include <sys/stat.h>

#include "restjwt/sqlite_user_store.hpp"
#include "store/common/django_datetime.hpp"
#include "store/sqlite/django_schema.hpp"
#include "store/sqlite/store_state.hpp"

namespace restjwt {
namespace {

using detail::SqliteConnection;

StoreError open_error(const std::string& path, const std::string& reason,
                      StoreError::Kind kind = StoreError::Kind::kInvalid) {
  return StoreError{kind, "cannot open database \"" + path + "\": " + reason};
}

// strerror() is not thread-safe; the generic category's message is.
std::string errno_text() { return std::generic_category().message(errno); }

std::string parent_directory(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) {
    return ".";
  }
  return slash == 0 ? "/" : path.substr(0, slash);
}

StoreResult<void> create_database(const SqliteStoreOptions& options) {
  const std::string& path = options.path;
  const std::string directory = parent_directory(path);
  struct stat info {};
  if (stat(directory.c_str(), &info) != 0) {
    return unexpected(open_error(path, "directory \"" + directory + "\" " +
                                           (errno == ENOENT ? "does not exist" : errno_text())));
  }
  if (!S_ISDIR(info.st_mode)) {
    return unexpected(open_error(path, "\"" + directory + "\" is not a directory"));
  }
  if (!options.create_if_missing) {
    return unexpected(open_error(path, "the file does not exist"));
  }
  if (!detail::is_django_default(options.schema)) {
    return unexpected(open_error(path,
                                 "the file does not exist, and restjwt creates only "
                                 "Django's default auth_user table (run Django's migrate "
                                 "for table \"" +
                                     options.schema.table + "\")"));
  }
  auto connection = SqliteConnection::open(path, options.busy_timeout, /*create=*/true);
  if (!connection) {
    return unexpected(open_error(path, connection.error().message, connection.error().kind));
  }
  auto created =
      detail::create_django_auth_schema(**connection, detail::django_datetime(options.now()));
  if (!created) {
    return unexpected(open_error(path, created.error().message, created.error().kind));
  }
  return {};
}

StoreResult<void> ensure_file(const SqliteStoreOptions& options) {
  struct stat info {};
  if (stat(options.path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) {
      return unexpected(open_error(options.path, "it is a directory"));
    }
    return {};
  }
  if (errno != ENOENT) {
    return unexpected(open_error(options.path, errno_text()));
  }
  return create_database(options);
}

// The first read: a file of another kind fails here with SQLITE_NOTADB.
StoreResult<void> probe(SqliteConnection& connection, const std::string& path) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(connection.handle(), "SELECT count(*) FROM sqlite_master", -1, &stmt,
                              nullptr);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(stmt) == SQLITE_ROW ? SQLITE_OK : sqlite3_errcode(connection.handle());
  }
  sqlite3_finalize(stmt);
  if (rc == SQLITE_OK) {
    return {};
  }
  if ((rc & 0xff) == SQLITE_NOTADB) {
    return unexpected(open_error(path, "not an SQLite database"));
  }
  const StoreError error = detail::sqlite_error(connection.handle(), rc, "reading failed");
  return unexpected(open_error(path, error.message, error.kind));
}

// WAL lets readers (logins) run while a writer (an upgrade, createuser) holds the lock. The mode
// is stored in the file, and needs the directory to be writable for the -wal and -shm files.
StoreResult<void> enable_wal(SqliteConnection& connection, const std::string& path) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(connection.handle(), "PRAGMA journal_mode = WAL", -1, &stmt, nullptr);
  std::string mode;
  if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    mode = detail::column_text(stmt, 0);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(stmt);
  if (rc == SQLITE_OK && mode == "wal") {
    return {};
  }
  if (rc != SQLITE_OK && ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)) {
    const StoreError busy = detail::sqlite_error(connection.handle(), rc, "cannot switch to WAL");
    return unexpected(open_error(path, busy.message, busy.kind));
  }
  // The -wal and -shm files are created next to the database file.
  const std::string reason = rc != SQLITE_OK ? sqlite3_errmsg(connection.handle()) : "mode " + mode;
  return unexpected(open_error(
      path, "cannot switch to WAL mode (" + reason + "): the directory must be writable"));
}

}  // namespace

StoreResult<std::unique_ptr<SqliteUserStore>> SqliteUserStore::open(SqliteStoreOptions options) {
  const std::string path = options.path;
  if (!options.now) options.now = [] { return std::chrono::system_clock::now(); };
  if (path.empty()) {
    return unexpected(open_error(path, "the path is empty"));
  }
  if (auto file = ensure_file(options); !file) {
    return unexpected(file.error());
  }
  // Later connections must find the same file even if the process changes directory.
  std::string absolute = path;
  if (char* resolved = realpath(path.c_str(), nullptr); resolved != nullptr) {
    absolute = resolved;
    std::free(resolved);  // NOLINT(cppcoreguidelines-no-malloc): realpath's contract
  }
  auto connection = SqliteConnection::open(absolute, options.busy_timeout, /*create=*/false);
  if (!connection) {
    return unexpected(open_error(path, connection.error().message, connection.error().kind));
  }
  if (auto probed = probe(**connection, path); !probed) {
    return unexpected(probed.error());
  }
  if (sqlite3_db_readonly((*connection)->handle(), "main") == 1) {
    return unexpected(open_error(path,
                                 "the file is read-only (restjwt writes upgraded password "
                                 "hashes, last_login when asked to, and users)"));
  }
  auto table = detail::inspect_user_table(**connection, options.schema);
  if (!table) {
    return unexpected(open_error(path, table.error().message, table.error().kind));
  }
  if (auto wal = enable_wal(**connection, path); !wal) {
    return unexpected(wal.error());
  }

  const auto timeout = options.busy_timeout;
  // Aggregate initialisation in place: the pool holds a mutex and cannot be moved.
  auto state = std::unique_ptr<detail::SqliteStoreState>(  // NOLINT(modernize-make-unique)
      new detail::SqliteStoreState{
          .options = std::move(options),
          .table = std::move(*table),
          .sql = {},
          .pool = detail::ConnectionPool(
              [absolute, timeout]() -> StoreResult<std::unique_ptr<SqliteConnection>> {
                auto opened = SqliteConnection::open(absolute, timeout, /*create=*/false);
                if (opened) {
                  return opened;
                }
                return unexpected(
                    open_error(absolute, opened.error().message, opened.error().kind));
              }),
      });
  state->sql = detail::build_user_sql(state->table);
  state->pool.add(std::move(*connection));
  // The constructor is private: make_unique cannot reach it.
  return std::unique_ptr<SqliteUserStore>(  // NOLINT(modernize-make-unique)
      new SqliteUserStore(std::move(state)));
}

}  // namespace restjwt
