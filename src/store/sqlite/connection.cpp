#include "store/sqlite/connection.hpp"

#include <climits>
#include <cstdint>
#include <string>

#include <sqlite3.h>

namespace restjwt::detail {

StoreError sqlite_error(sqlite3* db, int code, std::string_view what) {
  const int primary = code & 0xff;
  StoreError::Kind kind = StoreError::Kind::kInternal;
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
      kind = StoreError::Kind::kUnavailable;
      break;
    case SQLITE_CONSTRAINT:
      // A NOT NULL or CHECK failure is a table this store cannot fill, not a duplicate.
      kind = (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY ||
              code == SQLITE_CONSTRAINT_FOREIGNKEY)
                 ? StoreError::Kind::kConflict
                 : StoreError::Kind::kInvalid;
      break;
    default:
      break;
  }
  // sqlite3_errmsg describes the connection's last error, which is `code` when db is given.
  const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  return StoreError{kind, std::string(what) + ": " + detail};
}

StoreResult<std::unique_ptr<SqliteConnection>> SqliteConnection::open(
    const std::string& path, std::chrono::milliseconds busy_timeout, bool create) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE |
                    (create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    StoreError error = sqlite_error(db, rc, "cannot open the file");
    sqlite3_close_v2(db);
    return unexpected(std::move(error));
  }
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
  const auto timeout = busy_timeout.count();
  sqlite3_busy_timeout(db, timeout > INT_MAX ? INT_MAX : static_cast<int>(timeout));
  // foreign_keys: Django's SQLite backend turns them on, and remove() relies on them to refuse
  // deleting a user that other rows still reference. synchronous=NORMAL keeps WAL databases
  // consistent across crashes and saves an fsync per login (last_login, hash upgrades).
  if (auto done = connection->exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL",
                                   "cannot configure the connection");
      !done) {
    if ((sqlite3_errcode(db) & 0xff) == SQLITE_NOTADB) {
      return unexpected(StoreError{StoreError::Kind::kInvalid, "not an SQLite database"});
    }
    return unexpected(done.error());
  }
  return connection;
}

SqliteConnection::~SqliteConnection() {
  for (sqlite3_stmt* stmt : statements_) {
    sqlite3_finalize(stmt);
  }
  sqlite3_close_v2(db_);
}

StoreResult<sqlite3_stmt*> SqliteConnection::statement(UserStatement which,
                                                       const std::string& text) {
  return prepared(static_cast<std::size_t>(which), text);
}

StoreResult<sqlite3_stmt*> SqliteConnection::statement(TransactionStep step) {
  // BEGIN IMMEDIATE waits for the write lock up front (busy_timeout) instead of failing when a
  // deferred transaction tries to upgrade.
  static constexpr std::string_view kText[] = {"BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"};
  const auto index = static_cast<std::size_t>(step);
  return prepared(kUserStatementCount + index, kText[index]);
}

StoreResult<sqlite3_stmt*> SqliteConnection::prepared(std::size_t slot, std::string_view text) {
  sqlite3_stmt*& stmt = statements_[slot];
  if (stmt != nullptr) {
    return stmt;
  }
  const int rc = sqlite3_prepare_v3(db_, text.data(), static_cast<int>(text.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    stmt = nullptr;
    return unexpected(sqlite_error(db_, rc, "cannot prepare statement"));
  }
  return stmt;
}

StoreResult<void> SqliteConnection::exec(const char* sql, std::string_view what) {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    return unexpected(sqlite_error(db_, rc, what));
  }
  return {};
}

std::optional<WalStamp> SqliteConnection::wal_stamp() const {
  return wal_index_ ? wal_index_->read() : std::nullopt;
}

void SqliteConnection::map_wal_index() {
  if (!wal_index_tried_) {
    wal_index_tried_ = true;
    wal_index_ = WalIndexHeader::map(db_);
  }
}

StatementScope::~StatementScope() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int bind_text(sqlite3_stmt* stmt, int index, std::string_view text) {
  if (text.size() > static_cast<std::size_t>(INT_MAX)) {
    return SQLITE_TOOBIG;
  }
  // SQLITE_STATIC: the caller's text outlives the step; StatementScope clears the binding.
  return sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

int bind_text(sqlite3_stmt* stmt, const char* name, std::string_view text) {
  const int index = sqlite3_bind_parameter_index(stmt, name);
  return index == 0 ? SQLITE_OK : bind_text(stmt, index, text);
}

int bind_int(sqlite3_stmt* stmt, const char* name, std::int64_t value) {
  const int index = sqlite3_bind_parameter_index(stmt, name);
  return index == 0 ? SQLITE_OK : sqlite3_bind_int64(stmt, index, value);
}

std::string column_text(sqlite3_stmt* stmt, int index) {
  const auto* text = sqlite3_column_text(stmt, index);
  if (text == nullptr) {
    return {};
  }
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(sqlite3_column_bytes(stmt, index))};
}

StoreResult<void> run_own_statement(sqlite3* db, sqlite3_stmt*& stmt, const char* sql,
                                    const std::string* text,
                                    std::initializer_list<std::int64_t> numbers,
                                    std::string_view what,
                                    const std::function<void(sqlite3_stmt*)>& row) {
  if (stmt == nullptr) {
    const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return unexpected(sqlite_error(db, rc, what));
  }
  const StatementScope scope(stmt);
  int index = 1;
  if (text != nullptr) bind_text(stmt, index++, *text);
  for (const std::int64_t number : numbers) sqlite3_bind_int64(stmt, index++, number);
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (row) row(stmt);
  }
  if (rc != SQLITE_DONE) return unexpected(sqlite_error(db, rc, what));
  return {};
}

}  // namespace restjwt::detail
