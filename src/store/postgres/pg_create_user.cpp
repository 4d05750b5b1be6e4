// PostgresUserStore::create: what Django's UserManager.create_user writes, in one INSERT.
#include "restjwt/postgres_user_store.hpp"
#include "store/common/user_table_shape.hpp"
#include "store/postgres/pg_store_state.hpp"

namespace restjwt {
namespace {

using detail::pg::Field;
using detail::pg::UserTable;

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
  if (auto reason = detail::unwritable_reason(table, user)) {
    return unexpected(StoreError{StoreError::Kind::kInvalid, std::move(*reason)});
  }
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
