// SqliteRevocationStore: the denylist and the cut-offs in restjwt_revoked_tokens and
// restjwt_user_cutoffs. One connection behind a mutex: revocations are rare writes, and the
// reads are one poll per node every few seconds (TokenRevocations answers the requests).
#include "restjwt/sqlite_revocation_store.hpp"

#include <array>
#include <functional>
#include <mutex>

#include <sqlite3.h>

#include "store/common/revocation_tables.hpp"
#include "store/sqlite/connection.hpp"

namespace restjwt {
namespace {

using detail::SqliteConnection;

constexpr std::array<const char*, 5> kCreateTables{
    "CREATE TABLE IF NOT EXISTS restjwt_revoked_tokens ("
    " jti TEXT NOT NULL PRIMARY KEY,"
    " expires_at INTEGER NOT NULL,"
    " revoked_at INTEGER NOT NULL"
    ") WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS restjwt_revoked_tokens_expires_at"
    " ON restjwt_revoked_tokens (expires_at)",
    "CREATE INDEX IF NOT EXISTS restjwt_revoked_tokens_revoked_at"
    " ON restjwt_revoked_tokens (revoked_at)",
    "CREATE TABLE IF NOT EXISTS restjwt_user_cutoffs ("
    " user_id TEXT NOT NULL PRIMARY KEY,"
    " not_before INTEGER NOT NULL"
    ") WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS restjwt_user_cutoffs_not_before"
    " ON restjwt_user_cutoffs (not_before)",
};

using Statement = detail::RevocationStatement;
using enum detail::RevocationStatement;
constexpr std::size_t kCount = detail::kRevocationStatementCount;

constexpr std::array<const char*, kCount> kSql{
    "INSERT INTO restjwt_revoked_tokens (jti, expires_at, revoked_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (jti) DO UPDATE SET"
    " expires_at = max(restjwt_revoked_tokens.expires_at, excluded.expires_at),"
    " revoked_at = excluded.revoked_at",
    "SELECT 1 FROM restjwt_revoked_tokens WHERE jti = ?1",
    "INSERT INTO restjwt_user_cutoffs (user_id, not_before) VALUES (?1, ?2)"
    " ON CONFLICT (user_id) DO UPDATE SET"
    " not_before = max(restjwt_user_cutoffs.not_before, excluded.not_before)",
    "SELECT not_before FROM restjwt_user_cutoffs WHERE user_id = ?1",
    "SELECT jti, expires_at, revoked_at FROM restjwt_revoked_tokens"
    " WHERE revoked_at >= ?1 AND expires_at > ?2",
    "SELECT user_id, not_before FROM restjwt_user_cutoffs WHERE not_before >= ?1",
    "DELETE FROM restjwt_revoked_tokens WHERE expires_at <= ?1",
    "DELETE FROM restjwt_user_cutoffs WHERE not_before < ?1",
};

class SqliteRevocationStore final : public RevocationStore {
 public:
  explicit SqliteRevocationStore(std::unique_ptr<SqliteConnection> connection)
      : connection_(std::move(connection)) {}
  ~SqliteRevocationStore() override {
    for (sqlite3_stmt* stmt : statements_) sqlite3_finalize(stmt);
  }
  SqliteRevocationStore(const SqliteRevocationStore&) = delete;
  SqliteRevocationStore& operator=(const SqliteRevocationStore&) = delete;

  StoreResult<void> revoke(const std::string& jti, std::int64_t expires_at,
                           std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    auto done = step(kRevoke, &jti, {expires_at, now}, "revoke a token", nullptr);
    if (!done) return unexpected(done.error());
    return {};
  }

  StoreResult<bool> is_revoked(const std::string& jti) override {
    const std::lock_guard lock(mutex_);
    bool found = false;
    auto done = step(kIsRevoked, &jti, {}, "look up a revoked token",
                     [&found](sqlite3_stmt*) { found = true; });
    if (!done) return unexpected(done.error());
    return found;
  }

  StoreResult<void> set_cutoff(const std::string& user_id, std::int64_t not_before) override {
    const std::lock_guard lock(mutex_);
    auto done = step(kSetCutoff, &user_id, {not_before}, "set a user's cut-off", nullptr);
    if (!done) return unexpected(done.error());
    return {};
  }

  StoreResult<std::int64_t> cutoff(const std::string& user_id) override {
    const std::lock_guard lock(mutex_);
    std::int64_t not_before = 0;
    auto done = step(kCutoff, &user_id, {}, "read a user's cut-off",
                     [&](sqlite3_stmt* stmt) { not_before = sqlite3_column_int64(stmt, 0); });
    if (!done) return unexpected(done.error());
    return not_before;
  }

  StoreResult<RevocationChanges> changes_since(std::int64_t since, std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    RevocationChanges changes;
    auto tokens = step(kTokenIdChanges, nullptr, {since, now}, "read revoked tokens",
                       [&](sqlite3_stmt* stmt) {
                         changes.token_ids.push_back(RevokedTokenId{detail::column_text(stmt, 0),
                                                                    sqlite3_column_int64(stmt, 1),
                                                                    sqlite3_column_int64(stmt, 2)});
                       });
    if (!tokens) return unexpected(tokens.error());
    auto cutoffs =
        step(kCutoffChanges, nullptr, {since}, "read user cut-offs", [&](sqlite3_stmt* stmt) {
          changes.cutoffs.push_back(
              UserCutoff{detail::column_text(stmt, 0), sqlite3_column_int64(stmt, 1)});
        });
    if (!cutoffs) return unexpected(cutoffs.error());
    return changes;
  }

  StoreResult<std::uint64_t> purge_expired(std::int64_t now, std::int64_t cutoffs_before) override {
    const std::lock_guard lock(mutex_);
    auto tokens = step(kPurgeTokenIds, nullptr, {now}, "purge expired revocations", nullptr);
    if (!tokens) return unexpected(tokens.error());
    auto gone = static_cast<std::uint64_t>(sqlite3_changes(connection_->handle()));
    auto cutoffs = step(kPurgeCutoffs, nullptr, {cutoffs_before}, "purge old cut-offs", nullptr);
    if (!cutoffs) return unexpected(cutoffs.error());
    return gone + static_cast<std::uint64_t>(sqlite3_changes(connection_->handle()));
  }

 private:
  // The caller holds mutex_.
  StoreResult<void> step(Statement which, const std::string* text,
                         std::initializer_list<std::int64_t> numbers, std::string_view what,
                         const std::function<void(sqlite3_stmt*)>& row) {
    return detail::run_own_statement(connection_->handle(), statements_[which], kSql[which], text,
                                     numbers, what, row);
  }

  std::mutex mutex_;
  std::unique_ptr<SqliteConnection> connection_;
  std::array<sqlite3_stmt*, kCount> statements_{};
};

}  // namespace

StoreResult<std::unique_ptr<RevocationStore>> open_sqlite_revocation_store(
    const std::string& path, std::chrono::milliseconds busy_timeout) {
  auto connection = SqliteConnection::open(path, busy_timeout, /*create=*/false);
  if (!connection) return unexpected(connection.error());
  for (const char* sql : kCreateTables) {
    if (auto created = (*connection)->exec(sql, "create the revocation tables"); !created) {
      return unexpected(created.error());
    }
  }
  for (const char* sql : {detail::kCheckRevokedTokensTable, detail::kCheckUserCutoffsTable}) {
    if (auto checked = (*connection)->exec(sql, "check the revocation tables"); !checked) {
      return unexpected(checked.error());
    }
  }
  return std::unique_ptr<RevocationStore>(
      std::make_unique<SqliteRevocationStore>(std::move(*connection)));
}

}  // namespace restjwt
