// UserStoreContract (user_store_contract.hpp) on custom user models (AUTH_USER_MODEL): another
// table, email login, UUID keys, no email column, a per-user secret column, AbstractBaseUser
// tables without AbstractUser's columns.
#pragma once

#include <algorithm>
#include <cctype>
#include <regex>

#include "support/django_tables.hpp"
#include "support/user_store_contract.hpp"

namespace restjwt::testing {

inline UserTableSchema members_schema() {
  UserTableSchema schema;
  schema.table = "members";
  schema.username_field = "login";
  schema.email_field = "";
  schema.secret_column = "api_secret";
  return schema;
}

inline const std::regex& canonical_uuid() {
  static const std::regex pattern(
      "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  return pattern;
}

TEST_P(UserStoreContract, EmailLoginWithUuidKeysReadsAndWritesDjangosForm) {
  UserStore& users = store_over(accounts_user_table(kind().column_types), accounts_user_schema());
  const auto created = users.create(new_user("ann@example.com", "x$1"));
  ASSERT_TRUE(created) << created.error().message;
  const std::string id = std::get<std::string>(created->id);
  EXPECT_TRUE(std::regex_match(id, canonical_uuid())) << id;
  EXPECT_EQ(created->email, "ann@example.com");
  ASSERT_TRUE(created->jwt_secret);
  EXPECT_TRUE(std::regex_match(*created->jwt_secret, canonical_uuid()));
  EXPECT_TRUE(created->is_active);
  EXPECT_EQ(created->first_name, "");
  EXPECT_EQ(created->date_joined, "");

  std::string hex = id;
  std::erase(hex, '-');
  std::string upper = id;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  for (const std::string& spelling : {id, hex, upper}) {
    const auto found = users.find_by_id(spelling);
    ASSERT_TRUE(found && found->has_value()) << spelling;
    EXPECT_EQ((*found)->username, "ann@example.com");
  }
  for (const UserId& nobody :
       {UserId{std::string("not-a-uuid")}, UserId{std::int64_t{1}}, UserId{id.substr(1)}}) {
    const auto found = users.find_by_id(nobody);
    ASSERT_TRUE(found);
    EXPECT_FALSE(found->has_value());
  }
  EXPECT_TRUE(users.find_by_username("ann@example.com").value().has_value());
  EXPECT_FALSE(users.find_by_username("ANN@example.com").value().has_value());
  EXPECT_EQ(users.replace_password(created->id, "x$1", "x$2").value(), true);
  EXPECT_EQ(users.update_last_login(created->id).value(), true);
  EXPECT_EQ(users.list().value().at(0).password, "x$2");
}

TEST_P(UserStoreContract, AUuidSecretColumnTakesOnlyUuids) {
  UserStore& users = store_over(accounts_user_table(kind().column_types), accounts_user_schema());
  ASSERT_TRUE(users.create(new_user("ann@example.com", "x")));
  const std::string fresh = "6F1C8B1E-3E8A-4B9A-9C1D-0123456789AB";
  EXPECT_EQ(users.set_jwt_secret("ann@example.com", fresh).value(), true);
  EXPECT_EQ(*users.find_by_username("ann@example.com").value()->jwt_secret,
            "6f1c8b1e-3e8a-4b9a-9c1d-0123456789ab");
  const auto bad = users.set_jwt_secret("ann@example.com", "not a uuid");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, StoreError::Kind::kInvalid);
  EXPECT_EQ(bad.error().message, "column \"jwt_secret\" is a UUIDField: the secret must be a UUID");
  EXPECT_EQ(users.set_jwt_secret("bob@example.com", fresh).value(), false);
}

TEST_P(UserStoreContract, EmailAsUsernameRefusesADifferentEmail) {
  UserStore& users = store_over(accounts_user_table(kind().column_types), accounts_user_schema());
  const auto created = users.create(new_user("ann@example.com", "x", "other@example.com"));
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().message, "the email is the username field of table \"accounts_user\"");
  ASSERT_TRUE(users.create(new_user("ann@example.com", "x", "ann@example.com")));
  EXPECT_EQ(users.create(new_user("ann@example.com", "x")).error().kind,
            StoreError::Kind::kConflict);
}

TEST_P(UserStoreContract, WithoutAnEmailColumnTheEmailIsAbsent) {
  UserStore& users = store_over(members_table(kind().column_types), members_schema());
  const auto with_email = users.create(new_user("neo", "x", "neo@example.com"));
  ASSERT_FALSE(with_email);
  EXPECT_EQ(with_email.error().kind, StoreError::Kind::kInvalid);
  EXPECT_EQ(with_email.error().message, "table \"members\" has no email column");
  const auto created = users.create(new_user("neo", "x"));
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_FALSE(created->email.has_value());
  EXPECT_EQ(std::get<std::int64_t>(created->id), 1);
}

TEST_P(UserStoreContract, MissingAbstractUserColumnsReadAsDjangoDefaults) {
  UserStore& users = store_over(members_table(kind().column_types), members_schema());
  ASSERT_TRUE(users.create(new_user("neo", "x")));
  const User neo = *users.find_by_username("neo").value();
  EXPECT_TRUE(neo.is_active);  // AbstractBaseUser.is_active is a class attribute: True
  EXPECT_FALSE(neo.is_staff);
  EXPECT_FALSE(neo.is_superuser);
  const auto deactivated = users.set_active("neo", false);
  ASSERT_FALSE(deactivated);
  EXPECT_EQ(deactivated.error().message, "table \"members\" has no column \"is_active\"");
  NewUser staff = new_user("trinity", "x");
  staff.is_staff = true;
  EXPECT_EQ(users.create(staff).error().message, "table \"members\" has no column \"is_staff\"");
}

TEST_P(UserStoreContract, ATextSecretColumnIsWrittenVerbatim) {
  UserStore& users = store_over(members_table(kind().column_types), members_schema());
  const auto created = users.create(new_user("neo", "x"));
  ASSERT_TRUE(created);
  EXPECT_TRUE(std::regex_match(created->jwt_secret.value(), canonical_uuid()));
  EXPECT_EQ(users.set_jwt_secret("neo", "any text").value(), true);
  EXPECT_EQ(users.find_by_username("neo").value()->jwt_secret, "any text");
}

TEST_P(UserStoreContract, NotNullColumnsTheStoreCannotFillAreReported) {
  UserTableSchema schema;
  schema.table = "shop_customer";
  schema.email_field = "";
  UserStore& users = store_over(shop_customer_table(kind().column_types), schema);
  const auto created = users.create(new_user("kim", "x"));
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().kind, StoreError::Kind::kInvalid);
  EXPECT_EQ(created.error().message, "cannot create user \"kim\": " + kind().not_null_failure);
}

}  // namespace restjwt::testing
