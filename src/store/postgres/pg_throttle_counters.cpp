// PostgresThrottleCounters: the login-throttle counters in the restjwt_throttle table, shared by
// every node. Each update is one INSERT … ON CONFLICT … RETURNING, so concurrent nodes never lose
// a count; every call is bounded by the statement timeout, and LoginThrottle lets a login through
// when the counters cannot be reached.
#include <array>
#include <cstdlib>

#include "restjwt/postgres_throttle_counters.hpp"
#include "store/common/throttle_table.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_own_table.hpp"
#include "store/postgres/pg_pool.hpp"

namespace restjwt {
namespace {

using detail::pg::affected_rows;
using detail::pg::Connection;
using detail::pg::Params;
using detail::pg::Pool;
using detail::pg::Result;

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS restjwt_throttle ("
    " key text NOT NULL PRIMARY KEY,"
    " window_start bigint NOT NULL DEFAULT 0,"
    " hits bigint NOT NULL DEFAULT 0,"
    " failures integer NOT NULL DEFAULT 0,"
    " last_failure bigint NOT NULL DEFAULT 0,"
    " blocked_until bigint NOT NULL DEFAULT 0)";

using Statement = detail::ThrottleStatement;
using enum detail::ThrottleStatement;
constexpr std::size_t kCount = detail::kThrottleStatementCount;

// A request of an older window (another node's clock a little behind) counts in the current one.
const std::string& sql(Statement which) {
  static const std::array<std::string, kCount> statements{
      "INSERT INTO restjwt_throttle AS t (key, window_start, hits) VALUES ($1, $2, 1)"
      " ON CONFLICT (key) DO UPDATE SET"
      " hits = CASE WHEN excluded.window_start > t.window_start THEN 1 ELSE t.hits + 1 END,"
      " window_start = GREATEST(t.window_start, excluded.window_start)"
      " RETURNING hits",
      "SELECT blocked_until FROM restjwt_throttle WHERE key = $1",
      "INSERT INTO restjwt_throttle AS t (key, failures, last_failure) VALUES ($1, 1, $2)"
      " ON CONFLICT (key) DO UPDATE SET"
      " failures = CASE WHEN t.last_failure < $3 THEN 1 ELSE t.failures + 1 END,"
      " last_failure = excluded.last_failure"
      " RETURNING failures",
      "INSERT INTO restjwt_throttle AS t (key, blocked_until) VALUES ($1, $2)"
      " ON CONFLICT (key) DO UPDATE SET blocked_until = excluded.blocked_until",
      "DELETE FROM restjwt_throttle WHERE key = $1",
      "DELETE FROM restjwt_throttle"
      " WHERE window_start < $1 AND last_failure < $2 AND blocked_until <= $3",
  };
  return statements[which];
}

constexpr std::size_t kPoolCapacity = 2;

class PostgresThrottleCounters final : public ThrottleCounters {
 public:
  PostgresThrottleCounters(Pool::Factory factory, std::chrono::milliseconds acquire_timeout)
      : pool_(std::move(factory), kPoolCapacity, acquire_timeout) {}

  void add(std::unique_ptr<Connection> connection) { pool_.add(std::move(connection)); }

  StoreResult<std::uint64_t> hit(const std::string& key, std::int64_t window_start) override {
    auto value = first_number(kHit, {key, std::to_string(window_start)}, "count a login attempt");
    if (!value) return unexpected(value.error());
    return static_cast<std::uint64_t>(value->value_or(1));
  }

  StoreResult<std::int64_t> blocked_until(const std::string& key) override {
    auto value = first_number(kBlockedUntil, {key}, "read a login back-off");
    if (!value) return unexpected(value.error());
    return value->value_or(0);
  }

  StoreResult<std::uint32_t> add_failure(const std::string& key, std::int64_t now,
                                         std::int64_t forget_before) override {
    auto value =
        first_number(kAddFailure, {key, std::to_string(now), std::to_string(forget_before)},
                     "count a failed login");
    if (!value) return unexpected(value.error());
    return static_cast<std::uint32_t>(value->value_or(1));
  }

  StoreResult<bool> set_blocked_until(const std::string& key, std::int64_t until) override {
    auto result = run(kSetBlocked, {key, std::to_string(until)}, "set a login back-off");
    if (!result) return unexpected(result.error());
    return true;
  }

  StoreResult<bool> reset_failures(const std::string& key) override {
    auto result = run(kReset, {key}, "reset failed logins");
    if (!result) return unexpected(result.error());
    return affected_rows(*result) > 0;
  }

  StoreResult<std::uint64_t> sweep(const ThrottleSweep& forget) override {
    auto result = run(kSweep,
                      {std::to_string(forget.windows_before),
                       std::to_string(forget.failures_before), std::to_string(forget.now)},
                      "forget old login counters");
    if (!result) return unexpected(result.error());
    return affected_rows(*result);
  }

 private:
  StoreResult<Result> run(Statement which, const Params& params, std::string_view what) {
    return pool_.run_prepared(which, sql(which), params, what);
  }

  StoreResult<std::optional<std::int64_t>> first_number(Statement which, const Params& params,
                                                        std::string_view what) {
    auto result = run(which, params, what);
    if (!result) return unexpected(result.error());
    if (PQntuples(result->get()) == 0 || PQgetisnull(result->get(), 0, 0)) {
      return std::optional<std::int64_t>();
    }
    return std::optional<std::int64_t>(std::strtoll(PQgetvalue(result->get(), 0, 0), nullptr, 10));
  }

  Pool pool_;
};

}  // namespace

StoreResult<std::unique_ptr<ThrottleCounters>> open_postgres_throttle_counters(
    const PostgresStoreOptions& options) {
  const detail::pg::ConnectionSettings settings{.url = options.url,
                                                .connect_timeout = options.connect_timeout,
                                                .statement_timeout = options.statement_timeout};
  auto connection =
      detail::pg::connect_with_table(settings, "restjwt_throttle", kCreateTable,
                                     detail::kCheckThrottleTable, "the login throttle counters");
  if (!connection) return unexpected(connection.error());
  const auto acquire_timeout =
      options.acquire_timeout.count() > 0 ? options.acquire_timeout : options.statement_timeout;
  auto counters = std::make_unique<PostgresThrottleCounters>(
      [settings] { return Connection::connect(settings); }, acquire_timeout);
  counters->add(std::move(*connection));
  return std::unique_ptr<ThrottleCounters>(std::move(counters));
}

}  // namespace restjwt
