// The UserStore operations of PostgresUserStore: each runs one prepared statement on a pooled
// connection and returns errors as values.
#include "restjwt/postgres_user_store.hpp"

#include "store/postgres/pg_store_state.hpp"

namespace restjwt {

using detail::UserStatement;
using detail::pg::Params;
using detail::pg::Result;

namespace {

StoreError invalid(std::string message) {
  return StoreError{StoreError::Kind::kInvalid, std::move(message)};
}

// At most one row: the user, or nullopt.
StoreResult<std::optional<User>> one_user(StoreResult<Result> result,
                                          const detail::pg::UserTable& table) {
  if (!result) return unexpected(result.error());
  if (PQntuples(result->get()) == 0) return std::optional<User>{};
  return std::optional<User>(detail::pg::read_user(result->get(), 0, table));
}

// True when the statement changed a row.
StoreResult<bool> changed(StoreResult<Result> result) {
  if (!result) return unexpected(result.error());
  const std::string_view count = PQcmdTuples(result->get());
  return !count.empty() && count != "0";
}

}  // namespace

PostgresUserStore::PostgresUserStore(std::unique_ptr<detail::pg::StoreState> state)
    : state_(std::move(state)) {}
PostgresUserStore::~PostgresUserStore() = default;

const UserTableSchema& PostgresUserStore::schema() const { return state_->table.schema; }

StoreResult<std::optional<User>> PostgresUserStore::find_by_username(std::string_view username) {
  return one_user(detail::pg::run_statement(*state_, UserStatement::kFindByUsername,
                                            {std::string(username)}, "cannot find user"),
                  state_->table);
}

StoreResult<std::optional<User>> PostgresUserStore::find_by_id(const UserId& id) {
  auto key = detail::pg::key_param(id, state_->table);
  if (!key) return std::optional<User>{};
  return one_user(detail::pg::run_statement(*state_, UserStatement::kFindById, {std::move(*key)},
                                            "cannot find user"),
                  state_->table);
}

StoreResult<bool> PostgresUserStore::set_password(std::string_view username,
                                                  std::string_view encoded) {
  return changed(detail::pg::run_statement(*state_, UserStatement::kSetPassword,
                                           {std::string(encoded), std::string(username)},
                                           "cannot set the password"));
}

StoreResult<bool> PostgresUserStore::replace_password(const UserId& id,
                                                      std::string_view expected_encoded,
                                                      std::string_view new_encoded) {
  auto key = detail::pg::key_param(id, state_->table);
  if (!key) return false;
  // Not retried: a lost answer may hide a swap that happened, and a retry would report false.
  return changed(detail::pg::run_statement(
      *state_, UserStatement::kReplacePassword,
      {std::string(new_encoded), std::move(*key), std::string(expected_encoded)},
      "cannot replace the password", /*idempotent=*/false));
}

StoreResult<bool> PostgresUserStore::set_active(std::string_view username, bool active) {
  if (!state_->table.has_is_active)
    return unexpected(detail::missing_column(state_->table, "is_active"));
  return changed(detail::pg::run_statement(*state_, UserStatement::kSetActive,
                                           {active ? "true" : "false", std::string(username)},
                                           "cannot change is_active"));
}

StoreResult<bool> PostgresUserStore::set_jwt_secret(std::string_view username,
                                                    std::string_view secret) {
  const detail::pg::UserTable& table = state_->table;
  if (!table.has_secret()) return unexpected(invalid("no per-user secret column is configured"));
  auto result = detail::pg::run_statement(*state_, UserStatement::kSetSecret,
                                          {std::string(secret), std::string(username)},
                                          "cannot set the secret");
  if (!result && table.secret_is_uuid && result.error().kind == StoreError::Kind::kInvalid) {
    return unexpected(invalid("column \"" + table.schema.secret_column +
                              "\" is a UUIDField: the secret must be a UUID"));
  }
  return changed(std::move(result));
}

StoreResult<bool> PostgresUserStore::update_last_login(const UserId& id) {
  if (!state_->table.has_last_login) {
    return unexpected(detail::missing_column(state_->table, "last_login"));
  }
  auto key = detail::pg::key_param(id, state_->table);
  if (!key) return false;
  return changed(detail::pg::run_statement(*state_, UserStatement::kUpdateLastLogin,
                                           {detail::pg::now_micros(*state_), std::move(*key)},
                                           "cannot update last_login"));
}

StoreResult<std::vector<User>> PostgresUserStore::list() {
  auto result = detail::pg::run_statement(*state_, UserStatement::kList, {}, "cannot list users");
  if (!result) return unexpected(result.error());
  return detail::pg::read_users(*result, state_->table);
}

StoreResult<bool> PostgresUserStore::remove(std::string_view username) {
  const std::string who = "cannot delete user \"" + std::string(username) + "\"";
  auto result =
      detail::pg::run_statement(*state_, UserStatement::kRemove, {std::string(username)}, who,
                                /*idempotent=*/false);
  if (!result && result.error().kind == StoreError::Kind::kConflict) {
    return unexpected(StoreError{StoreError::Kind::kConflict,
                                 who + ": other rows still reference it (deactivate it instead, "
                                       "or delete it with Django)"});
  }
  return changed(std::move(result));
}

}  // namespace restjwt
