// SqliteKeyStore: the key ring in the restjwt_keys table. One connection behind a mutex: the ring
// is read every few seconds and written a few times a month.
#include "restjwt/sqlite_key_store.hpp"

#include <array>
#include <mutex>

#include <sqlite3.h>

#include "store/common/key_table.hpp"
#include "store/sqlite/connection.hpp"

namespace restjwt {
namespace {

using detail::KeyStatement;
using detail::SqliteConnection;
using detail::StatementScope;
using enum detail::KeyStatement;

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS restjwt_keys ("
    " kid TEXT NOT NULL PRIMARY KEY,"
    " algorithm TEXT NOT NULL,"
    " state TEXT NOT NULL CHECK (state IN ('next', 'active', 'retired')),"
    " created_at INTEGER NOT NULL,"
    " activated_at INTEGER NOT NULL DEFAULT 0,"
    " retired_at INTEGER NOT NULL DEFAULT 0,"
    " public_key TEXT NOT NULL DEFAULT '',"
    " secret TEXT NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE UNIQUE INDEX IF NOT EXISTS restjwt_keys_one_active ON restjwt_keys (state)"
    " WHERE state = 'active';"
    "CREATE UNIQUE INDEX IF NOT EXISTS restjwt_keys_one_next ON restjwt_keys (state)"
    " WHERE state = 'next'";

constexpr std::array<const char*, detail::kKeyStatementCount> kSql{
    "SELECT kid, algorithm, state, created_at, activated_at, retired_at, public_key, secret"
    " FROM restjwt_keys",
    "INSERT INTO restjwt_keys"
    " (kid, algorithm, state, created_at, activated_at, retired_at, public_key, secret)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
    "SELECT kid FROM restjwt_keys WHERE state = 'active'",
    "UPDATE restjwt_keys SET state = 'retired', retired_at = ?2 WHERE kid = ?1 AND state = "
    "'active'",
    "UPDATE restjwt_keys SET state = 'active', activated_at = ?2, retired_at = 0"
    " WHERE kid = ?1 AND state IN ('next', 'retired')",
    "UPDATE restjwt_keys SET state = 'retired', retired_at = ?2 WHERE kid = ?1 AND state = 'next'",
    "DELETE FROM restjwt_keys WHERE kid = ?1 AND state <> 'active'",
};

class SqliteKeyStore final : public KeyStore {
 public:
  explicit SqliteKeyStore(std::unique_ptr<SqliteConnection> connection)
      : connection_(std::move(connection)) {}
  ~SqliteKeyStore() override {
    for (sqlite3_stmt* stmt : statements_) sqlite3_finalize(stmt);
  }
  SqliteKeyStore(const SqliteKeyStore&) = delete;
  SqliteKeyStore& operator=(const SqliteKeyStore&) = delete;

  StoreResult<std::vector<StoredKey>> load() override {
    const std::lock_guard lock(mutex_);
    std::vector<StoredKey> keys;
    std::optional<StoreError> bad_row;
    auto done = step(kLoadKeys, {}, 0, "read the key ring", [&](sqlite3_stmt* stmt) {
      std::array<std::string, 8> columns;
      for (int i = 0; i < 8; ++i)
        columns[static_cast<std::size_t>(i)] = detail::column_text(stmt, i);
      auto key = detail::stored_key_from_columns(columns);
      if (key) {
        keys.push_back(std::move(*key));
      } else {
        bad_row = key.error();
      }
    });
    if (!done) return unexpected(done.error());
    if (bad_row) return unexpected(*bad_row);
    return keys;
  }

  StoreResult<bool> insert(const StoredKey& key) override {
    const std::lock_guard lock(mutex_);
    const auto columns = detail::columns_of(key);
    auto prepared = statement(kInsertKey, "add a key");
    if (!prepared) return unexpected(prepared.error());
    const StatementScope scope(*prepared);
    for (int i = 0; i < 8; ++i) {
      detail::bind_text(*prepared, i + 1, columns[static_cast<std::size_t>(i)]);
    }
    return finish(*prepared, "add a key");
  }

  StoreResult<bool> activate(const std::string& kid, const std::string& replaces,
                             std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    if (auto begun = connection_->exec("BEGIN IMMEDIATE", "activate a key"); !begun) {
      return unexpected(begun.error());
    }
    auto switched = detail::activate_in_transaction(
        kid, replaces,
        [&]() -> StoreResult<std::string> {
          std::string active;
          auto done = step(kActiveKid, {}, 0, "read the active key",
                           [&](sqlite3_stmt* stmt) { active = detail::column_text(stmt, 0); });
          if (!done) return unexpected(done.error());
          return active;
        },
        [&](KeyStatement which, const std::string& k) { return changes(which, k, now); });
    const bool commit = switched && *switched;
    if (auto ended = connection_->exec(commit ? "COMMIT" : "ROLLBACK", "activate a key");
        !ended && switched) {
      return unexpected(ended.error());
    }
    return switched;
  }

  StoreResult<bool> retire(const std::string& kid, std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    auto changed = changes(kRetireNext, kid, now);
    if (!changed) return unexpected(changed.error());
    return *changed == 1;
  }

  StoreResult<bool> remove(const std::string& kid) override {
    const std::lock_guard lock(mutex_);
    auto changed = changes(kRemoveKey, kid, 0);
    if (!changed) return unexpected(changed.error());
    return *changed == 1;
  }

 private:
  StoreResult<sqlite3_stmt*> statement(KeyStatement which, std::string_view what) {
    sqlite3_stmt*& stmt = statements_[which];
    if (stmt == nullptr) {
      const int rc = sqlite3_prepare_v3(connection_->handle(), kSql[which], -1,
                                        SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return unexpected(detail::sqlite_error(connection_->handle(), rc, what));
    }
    return stmt;
  }

  // Steps a bound statement to its end; true when it changed a row. The caller holds mutex_.
  StoreResult<bool> finish(sqlite3_stmt* stmt, std::string_view what) {
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) return unexpected(detail::sqlite_error(connection_->handle(), rc, what));
    return sqlite3_changes(connection_->handle()) > 0;
  }

  // Runs `which` with the kid as ?1 (when given) and `now` as ?2, calling `row` for each row.
  template <typename Row>
  StoreResult<void> step(KeyStatement which, std::optional<std::string> kid, std::int64_t now,
                         std::string_view what, Row row) {
    auto prepared = statement(which, what);
    if (!prepared) return unexpected(prepared.error());
    sqlite3_stmt* stmt = *prepared;
    const StatementScope scope(stmt);
    if (kid) {
      detail::bind_text(stmt, 1, *kid);
      if (sqlite3_bind_parameter_count(stmt) >= 2) sqlite3_bind_int64(stmt, 2, now);
    }
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) row(stmt);
    if (rc != SQLITE_DONE) return unexpected(detail::sqlite_error(connection_->handle(), rc, what));
    return {};
  }

  StoreResult<std::uint64_t> changes(KeyStatement which, const std::string& kid, std::int64_t now) {
    auto done = step(which, kid, now, "change the key ring", [](sqlite3_stmt*) {});
    if (!done) return unexpected(done.error());
    return static_cast<std::uint64_t>(sqlite3_changes(connection_->handle()));
  }

  std::mutex mutex_;
  std::unique_ptr<SqliteConnection> connection_;
  std::array<sqlite3_stmt*, detail::kKeyStatementCount> statements_{};
};

}  // namespace

StoreResult<std::unique_ptr<KeyStore>> open_sqlite_key_store(
    const std::string& path, std::chrono::milliseconds busy_timeout) {
  auto connection = SqliteConnection::open(path, busy_timeout, /*create=*/false);
  if (!connection) return unexpected(connection.error());
  if (auto created = (*connection)->exec(kCreateTable, "create the restjwt_keys table"); !created) {
    return unexpected(created.error());
  }
  if (auto checked = (*connection)->exec(detail::kCheckKeyTable, "check the restjwt_keys table");
      !checked) {
    return unexpected(checked.error());
  }
  return std::unique_ptr<KeyStore>(std::make_unique<SqliteKeyStore>(std::move(*connection)));
}

}  // namespace restjwt
