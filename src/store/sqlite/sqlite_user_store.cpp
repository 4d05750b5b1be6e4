// The UserStore operations of SqliteUserStore: each borrows a pooled connection, runs one cached
// statement (remove(): one transaction) and returns errors as values.
#include "restjwt/sqlite_user_store.hpp"

#include <sqlite3.h>

#include "store/common/django_datetime.hpp"
#include "store/common/uuid.hpp"
#include "store/sqlite/store_state.hpp"
#include "store/sqlite/store_steps.hpp"

namespace restjwt {

using detail::UserStatement;

SqliteUserStore::SqliteUserStore(std::unique_ptr<detail::SqliteStoreState> state)
    : state_(std::move(state)) {}
SqliteUserStore::~SqliteUserStore() = default;

const UserTableSchema& SqliteUserStore::schema() const { return state_->table.schema; }
const std::string& SqliteUserStore::path() const { return state_->options.path; }
std::uint64_t SqliteUserStore::cached_lookups() const {
  return state_->cached_lookups.load(std::memory_order_relaxed);
}

StoreResult<std::optional<User>> SqliteUserStore::find_by_username(std::string_view username) {
  // Cache keys start with the field they name, so that a username never collides with an id.
  std::string cache_key;
  cache_key.reserve(username.size() + 1);
  cache_key.append(1, 'u').append(username);
  return detail::find_user(
      *state_, UserStatement::kFindByUsername, cache_key,
      [&](sqlite3_stmt* stmt) { return detail::bind_text(stmt, 1, username); });
}

StoreResult<std::optional<User>> SqliteUserStore::find_by_id(const UserId& id) {
  const auto key = detail::to_key(id, state_->table);
  if (!key) {
    return std::optional<User>{};
  }
  const std::string cache_key =
      key->is_integer ? "i" + std::to_string(key->integer) : "i" + key->hex;
  return detail::find_user(*state_, UserStatement::kFindById, cache_key,
                           [&](sqlite3_stmt* stmt) { return detail::bind_key(stmt, 1, *key); });
}

StoreResult<bool> SqliteUserStore::set_password(std::string_view username,
                                                std::string_view encoded) {
  return detail::execute(*state_, UserStatement::kSetPassword, "cannot set the password",
                         [&](sqlite3_stmt* stmt) {
                           const int rc = detail::bind_text(stmt, 1, encoded);
                           return rc != SQLITE_OK ? rc : detail::bind_text(stmt, 2, username);
                         });
}

StoreResult<bool> SqliteUserStore::replace_password(const UserId& id,
                                                    std::string_view expected_encoded,
                                                    std::string_view new_encoded) {
  const auto key = detail::to_key(id, state_->table);
  if (!key) {
    return false;
  }
  return detail::execute(*state_, UserStatement::kReplacePassword, "cannot replace the password",
                         [&](sqlite3_stmt* stmt) {
                           int rc = detail::bind_text(stmt, 1, new_encoded);
                           if (rc == SQLITE_OK) {
                             rc = detail::bind_key(stmt, 2, *key);
                           }
                           return rc != SQLITE_OK ? rc
                                                  : detail::bind_text(stmt, 3, expected_encoded);
                         });
}

StoreResult<bool> SqliteUserStore::set_active(std::string_view username, bool active) {
  if (!state_->table.has_is_active) {
    return unexpected(detail::missing_column(state_->table, "is_active"));
  }
  return detail::execute(*state_, UserStatement::kSetActive, "cannot change is_active",
                         [&](sqlite3_stmt* stmt) {
                           const int rc = sqlite3_bind_int(stmt, 1, active ? 1 : 0);
                           return rc != SQLITE_OK ? rc : detail::bind_text(stmt, 2, username);
                         });
}

StoreResult<bool> SqliteUserStore::set_jwt_secret(std::string_view username,
                                                  std::string_view secret) {
  const detail::UserTable& table = state_->table;
  if (!table.has_secret()) {
    return unexpected(
        StoreError{StoreError::Kind::kInvalid, "no per-user secret column is configured"});
  }
  std::string stored(secret);
  if (table.secret_is_uuid) {
    auto hex = detail::uuid_to_hex(secret);
    if (!hex) {
      return unexpected(StoreError{StoreError::Kind::kInvalid,
                                   "column \"" + table.schema.secret_column +
                                       "\" is a UUIDField: the secret must be a UUID"});
    }
    stored = std::move(*hex);
  }
  return detail::execute(*state_, UserStatement::kSetSecret, "cannot set the secret",
                         [&](sqlite3_stmt* stmt) {
                           const int rc = detail::bind_text(stmt, 1, stored);
                           return rc != SQLITE_OK ? rc : detail::bind_text(stmt, 2, username);
                         });
}

StoreResult<bool> SqliteUserStore::update_last_login(const UserId& id) {
  if (!state_->table.has_last_login) {
    return unexpected(detail::missing_column(state_->table, "last_login"));
  }
  const auto key = detail::to_key(id, state_->table);
  if (!key) {
    return false;
  }
  const std::string now = detail::django_datetime(state_->options.now());
  return detail::execute(*state_, UserStatement::kUpdateLastLogin, "cannot update last_login",
                         [&](sqlite3_stmt* stmt) {
                           const int rc = detail::bind_text(stmt, 1, now);
                           return rc != SQLITE_OK ? rc : detail::bind_key(stmt, 2, *key);
                         });
}

StoreResult<std::vector<User>> SqliteUserStore::list() {
  auto lease = state_->pool.acquire();
  if (!lease) {
    return unexpected(lease.error());
  }
  auto stmt = (*lease)->statement(UserStatement::kList,
                                  state_->sql[static_cast<std::size_t>(UserStatement::kList)]);
  if (!stmt) {
    return unexpected(stmt.error());
  }
  const detail::StatementScope scope(*stmt);
  std::vector<User> users;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
    users.push_back(detail::read_user(*stmt, state_->table));
  }
  if (rc != SQLITE_DONE) {
    return unexpected(detail::sqlite_error((*lease)->handle(), rc, "cannot list users"));
  }
  return users;
}

}  // namespace restjwt
