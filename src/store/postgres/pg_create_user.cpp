// PostgresUserStore::create: what Django's UserManager.create_user writes, in one INSERT.
#include "restjwt/postgres_user_store.hpp"
#include "store/postgres/pg_store_state.hpp"

namespace restjwt {
namespace {

using detail::pg::Field;
using detail::pg::UserTable;

StoreError invalid(std::string message) {
  return StoreError{StoreError::Kind::kInvalid, std::move(message)};
}

// A value the table has no column for would be silently lost: refuse it (as the SQLite store).
std::optional<StoreError> check_fits(const NewUser& user, const UserTable& t) {
  if (user.username.empty()) return invalid("the username may not be blank");
  if (!user.email.empty() && !t.has_email()) {
    return invalid("table \"" + t.schema.table + "\" has no email column");
  }
  if (!user.email.empty() && t.email_is_username() && user.email != user.username) {
    return invalid("the email is the username field of table \"" + t.schema.table + "\"");
  }
  const std::pair<bool, const char*> needs[] = {
      {!user.is_active && !t.has_is_active, "is_active"},
      {user.is_staff && !t.has_is_staff, "is_staff"},
      {user.is_superuser && !t.has_is_superuser, "is_superuser"},
      {!user.first_name.empty() && !t.has_first_name, "first_name"},
      {!user.last_name.empty() && !t.has_last_name, "last_name"}};
  for (const auto& [missing, column] : needs) {
    if (missing) {
      return invalid("table \"" + t.schema.table + "\" has no column \"" + column + "\"");
    }
  }
  return std::nullopt;
}

std::string param_for(Field field, const NewUser& user, const std::string& now) {
  const auto flag = [](bool value) { return std::string(value ? "true" : "false"); };
  switch (field) {
    case Field::kPassword:
      return user.password;
    case Field::kUsername:
      return user.username;
    case Field::kEmail:
      return user.email;
    case Field::kIsSuperuser:
      return flag(user.is_superuser);
    case Field::kIsStaff:
      return flag(user.is_staff);
    case Field::kIsActive:
      return flag(user.is_active);
    case Field::kFirstName:
      return user.first_name;
    case Field::kLastName:
      return user.last_name;
    case Field::kDateJoined:
      return now;
  }
  return {};
}

}  // namespace

StoreResult<User> PostgresUserStore::create(const NewUser& user) {
  const UserTable& table = state_->table;
  if (auto problem = check_fits(user, table)) return unexpected(std::move(*problem));
  const std::string now = detail::pg::now_micros(*state_);
  detail::pg::Params params;
  for (const Field field : state_->sql.create_fields) params.push_back(param_for(field, user, now));
  const std::string who = "cannot create user \"" + user.username + "\"";
  auto result = detail::pg::run_statement(*state_, detail::pg::Sql::kCreate, params, who,
                                          /*idempotent=*/false);
  const auto taken = [&] {
    return StoreError{StoreError::Kind::kConflict, "user \"" + user.username + "\" already exists"};
  };
  if (!result) {
    // Two nodes inserting the same name at once: the loser hits the UNIQUE constraint.
    if (result.error().kind == StoreError::Kind::kConflict) return unexpected(taken());
    return unexpected(result.error());
  }
  if (PQntuples(result->get()) == 0) return unexpected(taken());  // WHERE NOT EXISTS
  return detail::pg::read_user(result->get(), 0, table);
}

}  // namespace restjwt
