// SqliteUserStore::remove: the user and the rows Django's delete() cascades to, in one
// transaction; foreign keys (on, as in Django) refuse it when anything else references the user.
#include <sqlite3.h>

#include "restjwt/sqlite_user_store.hpp"
#include "store/sqlite/store_steps.hpp"

namespace restjwt {
namespace {

// Cascade deletes are rare (CLI only), so they are prepared per call rather than cached.
int delete_cascade(sqlite3* db, const std::string& sql, std::string_view username) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  if (rc == SQLITE_OK) {
    const detail::StatementScope scope(stmt);
    rc = detail::bind_text(stmt, 1, username);
    if (rc == SQLITE_OK) {
      rc = sqlite3_step(stmt);
    }
    if (rc == SQLITE_DONE) {
      rc = SQLITE_OK;
    }
  }
  sqlite3_finalize(stmt);
  return rc;
}

}  // namespace

StoreResult<bool> SqliteUserStore::remove(std::string_view username) {
  auto lease = state_->pool.acquire();
  if (!lease) {
    return unexpected(lease.error());
  }
  detail::SqliteConnection& connection = **lease;
  const std::string who = "cannot delete user \"" + std::string(username) + "\"";
  const auto run = [&](StoreResult<sqlite3_stmt*> stmt) -> int {
    if (!stmt) {
      return sqlite3_errcode(connection.handle());
    }
    const detail::StatementScope scope(*stmt);
    if (sqlite3_bind_parameter_count(*stmt) > 0) {
      const int rc = detail::bind_text(*stmt, 1, username);
      if (rc != SQLITE_OK) {
        return rc;
      }
    }
    const int step = sqlite3_step(*stmt);
    return step == SQLITE_DONE ? SQLITE_OK : step;
  };
  using detail::TransactionStep;
  int rc = run(connection.statement(TransactionStep::kBeginImmediate));
  for (std::size_t i = 0; rc == SQLITE_OK && i < state_->table.cascades.size(); ++i) {
    rc =
        delete_cascade(connection.handle(), detail::cascade_delete_sql(state_->table, i), username);
  }
  if (rc == SQLITE_OK) {
    rc = run(connection.statement(
        detail::UserStatement::kRemove,
        state_->sql[static_cast<std::size_t>(detail::UserStatement::kRemove)]));
  }
  if (rc != SQLITE_OK) {
    return unexpected(detail::sqlite_error(connection.handle(), rc, who));
  }
  if (sqlite3_changes(connection.handle()) == 0) {
    (void)run(connection.statement(TransactionStep::kRollback));
    return false;
  }
  rc = run(connection.statement(TransactionStep::kCommit));
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
    return unexpected(StoreError{StoreError::Kind::kConflict,
                                 who + ": other rows still reference it (deactivate it instead, "
                                       "or delete it with Django)"});
  }
  if (rc != SQLITE_OK) {
    return unexpected(detail::sqlite_error(connection.handle(), rc, who));
  }
  return true;
}

}  // namespace restjwt
