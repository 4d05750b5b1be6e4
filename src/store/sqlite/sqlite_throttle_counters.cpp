// SqliteThrottleCounters: the login-throttle counters in the restjwt_throttle table. One
// connection behind a mutex: every call is one short write, and SQLite runs one writer at a time
// anyway. Each update is a single UPSERT … RETURNING, so the read-modify-write of a count is
// atomic also between processes sharing the file.
#include "restjwt/sqlite_throttle_counters.hpp"

#include <array>
#include <mutex>

#include <sqlite3.h>

#include "store/common/throttle_table.hpp"
#include "store/sqlite/connection.hpp"

namespace restjwt {
namespace {

using detail::SqliteConnection;

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS restjwt_throttle ("
    " key TEXT NOT NULL PRIMARY KEY,"
    " window_start INTEGER NOT NULL DEFAULT 0,"
    " hits INTEGER NOT NULL DEFAULT 0,"
    " failures INTEGER NOT NULL DEFAULT 0,"
    " last_failure INTEGER NOT NULL DEFAULT 0,"
    " blocked_until INTEGER NOT NULL DEFAULT 0"
    ") WITHOUT ROWID";

using Statement = detail::ThrottleStatement;
using enum detail::ThrottleStatement;
constexpr std::size_t kCount = detail::kThrottleStatementCount;

// A request of an older window (another node's clock a little behind) counts in the current one.
constexpr std::array<const char*, kCount> kSql{
    "INSERT INTO restjwt_throttle (key, window_start, hits) VALUES (?1, ?2, 1)"
    " ON CONFLICT (key) DO UPDATE SET"
    " hits = CASE WHEN excluded.window_start > restjwt_throttle.window_start THEN 1"
    " ELSE restjwt_throttle.hits + 1 END,"
    " window_start = max(restjwt_throttle.window_start, excluded.window_start)"
    " RETURNING hits",
    "SELECT blocked_until FROM restjwt_throttle WHERE key = ?1",
    "INSERT INTO restjwt_throttle (key, failures, last_failure) VALUES (?1, 1, ?2)"
    " ON CONFLICT (key) DO UPDATE SET"
    " failures = CASE WHEN restjwt_throttle.last_failure < ?3 THEN 1"
    " ELSE restjwt_throttle.failures + 1 END,"
    " last_failure = excluded.last_failure"
    " RETURNING failures",
    "INSERT INTO restjwt_throttle (key, blocked_until) VALUES (?1, ?2)"
    " ON CONFLICT (key) DO UPDATE SET blocked_until = excluded.blocked_until",
    "DELETE FROM restjwt_throttle WHERE key = ?1",
    "DELETE FROM restjwt_throttle"
    " WHERE window_start < ?1 AND last_failure < ?2 AND blocked_until <= ?3",
};

class SqliteThrottleCounters final : public ThrottleCounters {
 public:
  explicit SqliteThrottleCounters(std::unique_ptr<SqliteConnection> connection)
      : connection_(std::move(connection)) {}
  ~SqliteThrottleCounters() override {
    for (sqlite3_stmt* stmt : statements_) sqlite3_finalize(stmt);
  }
  SqliteThrottleCounters(const SqliteThrottleCounters&) = delete;
  SqliteThrottleCounters& operator=(const SqliteThrottleCounters&) = delete;

  StoreResult<std::uint64_t> hit(const std::string& key, std::int64_t window_start) override {
    auto value = run(kHit, key, {window_start}, "count a login attempt");
    if (!value) return unexpected(value.error());
    return static_cast<std::uint64_t>(value->value_or(1));
  }

  StoreResult<std::int64_t> blocked_until(const std::string& key) override {
    auto value = run(kBlockedUntil, key, {}, "read a login back-off");
    if (!value) return unexpected(value.error());
    return value->value_or(0);
  }

  StoreResult<std::uint32_t> add_failure(const std::string& key, std::int64_t now,
                                         std::int64_t forget_before) override {
    auto value = run(kAddFailure, key, {now, forget_before}, "count a failed login");
    if (!value) return unexpected(value.error());
    return static_cast<std::uint32_t>(value->value_or(1));
  }

  StoreResult<bool> set_blocked_until(const std::string& key, std::int64_t until) override {
    auto value = run(kSetBlocked, key, {until}, "set a login back-off");
    if (!value) return unexpected(value.error());
    return true;
  }

  StoreResult<bool> reset_failures(const std::string& key) override {
    const std::lock_guard lock(mutex_);
    auto value = step(kReset, &key, {}, "reset failed logins");
    if (!value) return unexpected(value.error());
    return sqlite3_changes(connection_->handle()) > 0;
  }

  StoreResult<std::uint64_t> sweep(const ThrottleSweep& forget) override {
    const std::lock_guard lock(mutex_);
    auto value = step(kSweep, nullptr, {forget.windows_before, forget.failures_before, forget.now},
                      "forget old login counters");
    if (!value) return unexpected(value.error());
    return static_cast<std::uint64_t>(sqlite3_changes(connection_->handle()));
  }

 private:
  StoreResult<std::optional<std::int64_t>> run(Statement which, const std::string& key,
                                               std::initializer_list<std::int64_t> numbers,
                                               std::string_view what) {
    const std::lock_guard lock(mutex_);
    return step(which, &key, numbers, what);
  }

  // Binds the key as ?1 (when given) and the numbers after it, runs the statement to its end and
  // returns the first column of its row, if any. The caller holds mutex_.
  StoreResult<std::optional<std::int64_t>> step(Statement which, const std::string* key,
                                                std::initializer_list<std::int64_t> numbers,
                                                std::string_view what) {
    std::optional<std::int64_t> first;
    auto done = detail::run_own_statement(connection_->handle(), statements_[which], kSql[which],
                                          key, numbers, what, [&first](sqlite3_stmt* stmt) {
                                            if (!first) first = sqlite3_column_int64(stmt, 0);
                                          });
    if (!done) return unexpected(done.error());
    return first;
  }

  std::mutex mutex_;
  std::unique_ptr<SqliteConnection> connection_;
  std::array<sqlite3_stmt*, kCount> statements_{};
};

}  // namespace

StoreResult<std::unique_ptr<ThrottleCounters>> open_sqlite_throttle_counters(
    const std::string& path, std::chrono::milliseconds busy_timeout) {
  auto connection = SqliteConnection::open(path, busy_timeout, /*create=*/false);
  if (!connection) return unexpected(connection.error());
  if (auto created = (*connection)->exec(kCreateTable, "create the restjwt_throttle table");
      !created) {
    return unexpected(created.error());
  }
  if (auto checked =
          (*connection)->exec(detail::kCheckThrottleTable, "check the restjwt_throttle table");
      !checked) {
    return unexpected(checked.error());
  }
  return std::unique_ptr<ThrottleCounters>(
      std::make_unique<SqliteThrottleCounters>(std::move(*connection)));
}

}  // namespace restjwt
