// SqliteOutstandingTokens: simplejwt's token_blacklist tables and restjwt_refresh_family in the
// SQLite database. One connection behind a mutex: each call is one indexed statement or one short
// BEGIN IMMEDIATE transaction, atomic across processes (a Django process writes the same tables).
#include "restjwt/sqlite_outstanding_tokens.hpp"

#include <array>
#include <mutex>

#include <sqlite3.h>

#include "store/common/django_datetime.hpp"
#include "store/common/token_blacklist_schema.hpp"
#include "store/common/uuid.hpp"
#include "store/sqlite/connection.hpp"

namespace restjwt {
namespace {

using detail::SqliteConnection;
using detail::StatementScope;

enum Statement : std::uint8_t {
  kInsertOutstanding,
  kInsertFamily,
  kStanding,
  kBlacklist,
  kMarkRotated,
  kRevokeFamily,
  kStatementCount,
};

constexpr std::array<const char*, kStatementCount> kSql{
    "INSERT INTO token_blacklist_outstandingtoken (token, created_at, expires_at, user_id, jti)"
    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (jti) DO NOTHING",
    "INSERT INTO restjwt_refresh_family (jti, family) VALUES (?1, ?2) ON CONFLICT (jti) DO NOTHING",
    "SELECT EXISTS (SELECT 1 FROM token_blacklist_blacklistedtoken b"
    "  JOIN token_blacklist_outstandingtoken o ON o.id = b.token_id WHERE o.jti = ?1),"
    " (SELECT family FROM restjwt_refresh_family WHERE jti = ?1),"
    " (SELECT rotated_at FROM restjwt_refresh_family WHERE jti = ?1)",
    "INSERT INTO token_blacklist_blacklistedtoken (blacklisted_at, token_id)"
    " SELECT ?2, id FROM token_blacklist_outstandingtoken WHERE jti = ?1"
    " ON CONFLICT (token_id) DO NOTHING",
    "INSERT INTO restjwt_refresh_family (jti, family, rotated_at) VALUES (?1, ?3, ?2)"
    " ON CONFLICT (jti) DO UPDATE SET rotated_at = excluded.rotated_at",
    "INSERT INTO token_blacklist_blacklistedtoken (blacklisted_at, token_id)"
    " SELECT ?2, o.id FROM restjwt_refresh_family f"
    "  JOIN token_blacklist_outstandingtoken o ON o.jti = f.jti WHERE f.family = ?1"
    " ON CONFLICT (token_id) DO NOTHING",
};

std::string datetime_text(std::int64_t epoch_seconds) {
  return detail::django_datetime(
      std::chrono::system_clock::time_point(std::chrono::seconds(epoch_seconds)));
}

class SqliteOutstandingTokens final : public OutstandingTokenStore {
 public:
  explicit SqliteOutstandingTokens(std::unique_ptr<SqliteConnection> connection)
      : connection_(std::move(connection)) {}
  ~SqliteOutstandingTokens() override {
    for (sqlite3_stmt* stmt : statements_) sqlite3_finalize(stmt);
  }
  SqliteOutstandingTokens(const SqliteOutstandingTokens&) = delete;
  SqliteOutstandingTokens& operator=(const SqliteOutstandingTokens&) = delete;

  StoreResult<void> record(const OutstandingToken& token, std::string_view family) override {
    const std::lock_guard lock(mutex_);
    return in_transaction("record a refresh token", [&]() -> StoreResult<bool> {
      if (auto done = insert_outstanding(token); !done) return unexpected(done.error());
      auto done = run(kInsertFamily, "record a refresh token", {token.jti, std::string(family)});
      if (!done) return unexpected(done.error());
      return true;
    });
  }

  StoreResult<TokenStanding> standing(std::string_view jti) override {
    const std::lock_guard lock(mutex_);
    TokenStanding standing;
    standing.family = std::string(jti);
    auto done = run(kStanding, "read a token's standing", {std::string(jti)}, [&](sqlite3_stmt* s) {
      standing.blacklisted = sqlite3_column_int(s, 0) != 0;
      if (sqlite3_column_type(s, 1) != SQLITE_NULL) standing.family = detail::column_text(s, 1);
      if (sqlite3_column_type(s, 2) != SQLITE_NULL)
        standing.rotated_at = sqlite3_column_int64(s, 2);
    });
    if (!done) return unexpected(done.error());
    return standing;
  }

  StoreResult<bool> blacklist(const OutstandingToken& token, std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    bool blacklisted = false;
    auto done = in_transaction("blacklist a token", [&]() -> StoreResult<bool> {
      if (auto inserted = insert_outstanding(token); !inserted) {
        return unexpected(inserted.error());
      }
      auto changed = run(kBlacklist, "blacklist a token", {token.jti, datetime_text(now)});
      if (!changed) return unexpected(changed.error());
      blacklisted = *changed > 0;
      return true;
    });
    if (!done) return unexpected(done.error());
    return blacklisted;
  }

  StoreResult<bool> rotate(const OutstandingToken& old, const OutstandingToken& next,
                           std::string_view family, std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    bool rotated = false;
    auto done = in_transaction("rotate a refresh token", [&]() -> StoreResult<bool> {
      if (auto inserted = insert_outstanding(old); !inserted) return unexpected(inserted.error());
      auto changed = run(kBlacklist, "rotate a refresh token", {old.jti, datetime_text(now)});
      if (!changed) return unexpected(changed.error());
      if (*changed == 0) return false;  // another request blacklisted it first: roll back
      const std::string family_text(family);
      // One step after the other: the first that fails rolls the whole rotation back.
      auto step =
          run(kMarkRotated, "rotate a refresh token", {old.jti, std::to_string(now), family_text});
      if (step) step = insert_outstanding(next);
      if (step) step = run(kInsertFamily, "rotate a refresh token", {next.jti, family_text});
      if (!step) return unexpected(step.error());
      rotated = true;
      return true;
    });
    if (!done) return unexpected(done.error());
    return rotated;
  }

  StoreResult<std::size_t> revoke_family(std::string_view family, std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    auto changed =
        run(kRevokeFamily, "revoke a token family", {std::string(family), datetime_text(now)});
    if (!changed) return unexpected(changed.error());
    return static_cast<std::size_t>(*changed);
  }

 private:
  // Runs `body` between BEGIN IMMEDIATE and COMMIT; a false or failed body rolls back.
  template <typename Body>
  StoreResult<void> in_transaction(std::string_view what, Body body) {
    if (auto begun = connection_->exec("BEGIN IMMEDIATE", what); !begun) return begun;
    auto result = body();
    const bool commit = result && *result;
    auto ended = connection_->exec(commit ? "COMMIT" : "ROLLBACK", what);
    if (!result) return unexpected(result.error());
    return ended;
  }

  StoreResult<int> insert_outstanding(const OutstandingToken& token) {
    std::optional<std::string> user;
    if (token.user_id) {
      // A UUID key is stored as Django's SQLite backend stores it: 32 hex digits.
      user = std::holds_alternative<std::int64_t>(*token.user_id)
                 ? to_string(*token.user_id)
                 : detail::uuid_to_hex(std::get<std::string>(*token.user_id)).value_or("");
    }
    std::optional<std::string> created;
    if (token.created_at) created = datetime_text(*token.created_at);
    return run(kInsertOutstanding, "record a refresh token",
               {token.token, created, datetime_text(token.expires_at), user, token.jti});
  }

  // Binds `values` as ?1, ?2, … (nullopt as NULL; kMarkRotated's ?2 as an integer), steps the
  // statement to its end calling `row` for each row; the number of rows it changed. The caller
  // holds mutex_.
  template <typename Row = std::nullptr_t>
  StoreResult<int> run(Statement which, std::string_view what,
                       std::initializer_list<std::optional<std::string>> values,
                       Row row = nullptr) {
    sqlite3* const db = connection_->handle();
    sqlite3_stmt*& stmt = statements_[which];
    if (stmt == nullptr) {
      const int rc =
          sqlite3_prepare_v3(db, kSql[which], -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return unexpected(detail::sqlite_error(db, rc, what));
    }
    const StatementScope scope(stmt);
    int index = 1;
    for (const auto& value : values) {
      if (!value) {
        sqlite3_bind_null(stmt, index);
      } else if (which == kMarkRotated && index == 2) {
        sqlite3_bind_int64(stmt, index, std::stoll(*value));
      } else {
        detail::bind_text(stmt, index, *value);
      }
      ++index;
    }
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      if constexpr (!std::is_same_v<Row, std::nullptr_t>) row(stmt);
    }
    if (rc != SQLITE_DONE) return unexpected(detail::sqlite_error(db, rc, what));
    return sqlite3_changes(db);
  }

  std::mutex mutex_;
  std::unique_ptr<SqliteConnection> connection_;
  std::array<sqlite3_stmt*, kStatementCount> statements_{};
};

StoreResult<bool> exists(SqliteConnection& connection, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(connection.handle(), sql, -1, &stmt, nullptr);
  bool found = false;
  if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    found = sqlite3_column_int(stmt, 0) != 0;
    rc = SQLITE_OK;
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_OK) {
    return unexpected(detail::sqlite_error(connection.handle(), rc, "read the schema"));
  }
  return found;
}

StoreResult<void> record_migrations(SqliteConnection& connection, const std::string& applied) {
  std::string insert = "INSERT INTO django_migrations (app, name, applied) VALUES ";
  bool first = true;
  for (const std::string_view name : detail::token_blacklist_migrations()) {
    insert += (first ? "" : ", ") + ("('token_blacklist', '" + std::string(name) + "', '") +
              applied + "')";
    first = false;
  }
  return connection.exec(insert.c_str(), "record simplejwt's migrations");
}

// The tables, when missing; two processes starting at once serialise on BEGIN IMMEDIATE.
StoreResult<void> create_tables(SqliteConnection& connection, const std::string& user_table) {
  constexpr std::string_view what = "create simplejwt's token_blacklist tables";
  if (auto begun = connection.exec("BEGIN IMMEDIATE", what); !begun) return begun;
  auto result = [&]() -> StoreResult<void> {
    auto present = exists(connection,
                          "SELECT count(*) FROM sqlite_master"
                          " WHERE name = 'token_blacklist_outstandingtoken'");
    if (!present) return unexpected(present.error());
    if (!*present) {
      for (const std::string& ddl : detail::token_blacklist_ddl_sqlite(user_table)) {
        if (auto done = connection.exec(ddl.c_str(), what); !done) return done;
      }
      auto django =
          exists(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'django_migrations'");
      if (!django) return unexpected(django.error());
      if (*django) {
        const auto now = std::chrono::system_clock::now();
        if (auto done = record_migrations(connection, detail::django_datetime(now)); !done) {
          return done;
        }
      }
    }
    return connection.exec(detail::kRefreshFamilyDdlSqlite, what);
  }();
  if (!result) {
    (void)connection.exec("ROLLBACK", what);
    return result;
  }
  return connection.exec("COMMIT", what);
}

}  // namespace

StoreResult<std::unique_ptr<OutstandingTokenStore>> open_sqlite_outstanding_tokens(
    const std::string& path, std::chrono::milliseconds busy_timeout,
    const std::string& user_table) {
  auto connection = SqliteConnection::open(path, busy_timeout, /*create=*/false);
  if (!connection) return unexpected(connection.error());
  if (auto created = create_tables(**connection, user_table); !created) {
    return unexpected(created.error());
  }
  return std::unique_ptr<OutstandingTokenStore>(
      std::make_unique<SqliteOutstandingTokens>(std::move(*connection)));
}

}  // namespace restjwt
