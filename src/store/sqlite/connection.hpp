// One SQLite connection and the statements prepared on it. Not thread-safe: the pool hands each
// connection to one thread at a time (the library runs in multi-thread mode, SQLITE_OPEN_NOMUTEX).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "restjwt/user_store.hpp"
#include "store/common/user_statements.hpp"
#include "store/sqlite/user_row_cache.hpp"
#include "store/sqlite/wal_index.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace restjwt::detail {

// The steps of remove()'s transaction, prepared once per connection like the user statements.
enum class TransactionStep : std::uint8_t { kBeginImmediate, kCommit, kRollback, kCount };

// A StoreError from an SQLite result code: busy/locked/I-O → kUnavailable, constraint →
// kConflict, anything else kInternal. `what` says which operation failed.
StoreError sqlite_error(sqlite3* db, int code, std::string_view what);

class SqliteConnection {
 public:
  // Opens the file read-write (creating it only when `create`) with restjwt's per-connection
  // settings: busy timeout, foreign keys on (as Django's backend), synchronous=NORMAL (safe in WAL
  // mode).
  static StoreResult<std::unique_ptr<SqliteConnection>> open(const std::string& path,
                                                             std::chrono::milliseconds busy_timeout,
                                                             bool create);
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;
  ~SqliteConnection();

  [[nodiscard]] sqlite3* handle() const { return db_; }
  // The statement for `which`, prepared on first use from `text` and reused afterwards.
  StoreResult<sqlite3_stmt*> statement(UserStatement which, const std::string& text);
  StoreResult<sqlite3_stmt*> statement(TransactionStep step);
  // Runs SQL without results (pragmas, DDL); `what` names it in errors.
  StoreResult<void> exec(const char* sql, std::string_view what);

  // The database's change stamp now (wal_index.hpp); nullopt until map_wal_index() succeeded,
  // or while a writer rewrites the header.
  [[nodiscard]] std::optional<WalStamp> wal_stamp() const;
  // Maps the WAL index header; call it after this connection has read the database. Tried once.
  void map_wal_index();
  // The user rows this connection read, checked against wal_stamp() (user_row_cache.hpp).
  UserRowCache& user_rows() { return user_rows_; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  StoreResult<sqlite3_stmt*> prepared(std::size_t slot, std::string_view text);

  sqlite3* db_;
  // The user statements, then the transaction steps.
  std::array<sqlite3_stmt*, kUserStatementCount + static_cast<std::size_t>(TransactionStep::kCount)>
      statements_{};
  std::optional<WalIndexHeader> wal_index_;
  bool wal_index_tried_ = false;
  UserRowCache user_rows_;
};

// Resets a statement and clears its bindings when it goes out of scope, so that text bound
// without copying (SQLITE_STATIC) is never referenced after the call that bound it.
class StatementScope {
 public:
  explicit StatementScope(sqlite3_stmt* stmt) : stmt_(stmt) {}
  StatementScope(const StatementScope&) = delete;
  StatementScope& operator=(const StatementScope&) = delete;
  ~StatementScope();
  [[nodiscard]] sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_;
};

// Binding helpers; parameters are 1-based, as in SQLite. `text` must outlive the statement's use.
int bind_text(sqlite3_stmt* stmt, int index, std::string_view text);
int bind_text(sqlite3_stmt* stmt, const char* name, std::string_view text);
int bind_int(sqlite3_stmt* stmt, const char* name, std::int64_t value);
// The text of column `index`, "" for NULL.
std::string column_text(sqlite3_stmt* stmt, int index);

// restjwt's own tables' statements (throttle counters, revocations): prepares `stmt` from `sql` on
// first use (kept for the connection's life), binds `text` as ?1 when given and `numbers` after
// it, runs it to its end and hands each row to `row` (may be empty). `what` names it in errors.
StoreResult<void> run_own_statement(sqlite3* db, sqlite3_stmt*& stmt, const char* sql,
                                    const std::string* text,
                                    std::initializer_list<std::int64_t> numbers,
                                    std::string_view what,
                                    const std::function<void(sqlite3_stmt*)>& row);

}  // namespace restjwt::detail
