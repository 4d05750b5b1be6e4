// SqliteUserStore::create: what Django's UserManager.create_user writes, in one INSERT.
#include <sqlite3.h>

#include "restjwt/sqlite_user_store.hpp"
#include "store/common/django_datetime.hpp"
#include "store/common/user_table_shape.hpp"
#include "store/common/uuid.hpp"
#include "store/sqlite/store_steps.hpp"

namespace restjwt {
namespace {

using detail::UserTable;

// The values Django computes in Python rather than in SQL: uuid4 keys and secrets, date_joined.
struct Generated {
  std::string id;
  std::string secret;
  std::string date_joined;
};

int bind_new_user(sqlite3_stmt* stmt, const NewUser& user, const Generated& generated) {
  int rc = SQLITE_OK;
  const auto text = [&](const char* name, std::string_view value) {
    if (rc == SQLITE_OK) {
      rc = detail::bind_text(stmt, name, value);
    }
  };
  const auto flag = [&](const char* name, bool value) {
    if (rc == SQLITE_OK) {
      rc = detail::bind_int(stmt, name, value ? 1 : 0);
    }
  };
  text(":password", user.password);
  text(":username", user.username);
  text(":id", generated.id);
  text(":email", user.email);
  flag(":is_superuser", user.is_superuser);
  flag(":is_staff", user.is_staff);
  flag(":is_active", user.is_active);
  text(":first_name", user.first_name);
  text(":last_name", user.last_name);
  text(":date_joined", generated.date_joined);
  text(":secret", generated.secret);
  return rc;
}

}  // namespace

StoreResult<User> SqliteUserStore::create(const NewUser& user) {
  const UserTable& table = state_->table;
  if (auto reason = detail::unwritable_reason(table, user)) {
    return unexpected(StoreError{StoreError::Kind::kInvalid, std::move(*reason)});
  }
  Generated generated{
      .id = {}, .secret = {}, .date_joined = detail::django_datetime(state_->options.now())};
  const auto id = detail::random_uuid_hex();
  const auto secret = detail::random_uuid_hex();
  if (!id || !secret) {
    return unexpected(StoreError{StoreError::Kind::kInternal, "getrandom() failed"});
  }
  generated.id = *id;
  generated.secret = table.secret_is_uuid ? *secret : detail::uuid_to_canonical(*secret);

  auto lease = state_->pool.acquire();
  if (!lease) {
    return unexpected(lease.error());
  }
  sqlite3* db = (*lease)->handle();
  return detail::step_once(
      **lease, *state_, detail::UserStatement::kCreate,
      [&](sqlite3_stmt* stmt) { return bind_new_user(stmt, user, generated); },
      [&](int rc, sqlite3_stmt* stmt) -> StoreResult<User> {
        if (rc == SQLITE_ROW) {
          return detail::read_user(stmt, table);
        }
        if (rc == SQLITE_DONE) {  // the WHERE NOT EXISTS found the username
          return unexpected(StoreError{StoreError::Kind::kConflict,
                                       "user \"" + user.username + "\" already exists"});
        }
        return unexpected(
            detail::sqlite_error(db, rc, "cannot create user \"" + user.username + "\""));
      });
}

}  // namespace restjwt
