// Custom user models (AUTH_USER_MODEL): another table, email login, UUID keys, no email column,
// a per-user secret column, AbstractBaseUser tables without AbstractUser's columns.
#include <regex>

#include <gtest/gtest.h>

#include "restjwt/sqlite_user_store.hpp"
#include "sqlite_store_support.hpp"
#include "store_test_support.hpp"
#include "support/django_tables.hpp"

namespace restjwt {
namespace {

using testing::TempDir;

// A minimal AbstractBaseUser table: no email, no is_active (every user is active), a text secret.
constexpr const char* kMembers = R"(CREATE TABLE "members" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "password" varchar(128) NOT NULL,
    "last_login" datetime NULL, "login" varchar(40) NOT NULL UNIQUE,
    "api_secret" varchar(64) NOT NULL))";

std::unique_ptr<SqliteUserStore> open_store(const std::string& path,
                                            const UserTableSchema& schema) {
  SqliteStoreOptions options;
  options.path = path;
  options.schema = schema;
  return testing::open_sqlite_store(std::move(options));
}

UserTableSchema accounts_schema() {
  UserTableSchema schema;
  schema.table = "accounts_user";
  schema.username_field = "email";
  schema.id_type = UserTableSchema::IdType::kUuid;
  schema.email_field = "email";
  schema.secret_column = "jwt_secret";
  return schema;
}

UserTableSchema members_schema() {
  UserTableSchema schema;
  schema.table = "members";
  schema.username_field = "login";
  schema.email_field = "";
  schema.secret_column = "api_secret";
  return schema;
}

const std::regex kCanonicalUuid(
    "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

TEST(CustomUserTable, EmailLoginWithUuidKeysReadsAndWritesDjangosForm) {
  TempDir dir;
  const std::string path = dir.file("db.sqlite3");
  testing::exec_sql(path, testing::kAccountsUserTable);
  auto store = open_store(path, accounts_schema());
  ASSERT_TRUE(store);
  const auto created = store->create(testing::new_user("ann@example.com", "x$1"));
  ASSERT_TRUE(created) << created.error().message;
  const std::string id = std::get<std::string>(created->id);
  EXPECT_TRUE(std::regex_match(id, kCanonicalUuid)) << id;
  std::string hex = id;
  std::erase(hex, '-');
  EXPECT_EQ(testing::query_text(path, "SELECT id FROM accounts_user"), hex);
  EXPECT_EQ(created->email, "ann@example.com");
  ASSERT_TRUE(created->jwt_secret);
  EXPECT_TRUE(std::regex_match(*created->jwt_secret, kCanonicalUuid));
  EXPECT_EQ(testing::query_text(path, "SELECT length(jwt_secret) FROM accounts_user"), "32");
  EXPECT_TRUE(created->is_active);
  EXPECT_EQ(created->first_name, "");
  EXPECT_EQ(created->date_joined, "");

  std::string upper = id;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const std::string& spelling : {id, hex, upper}) {
    const auto found = store->find_by_id(spelling);
    ASSERT_TRUE(found && found->has_value()) << spelling;
    EXPECT_EQ((*found)->username, "ann@example.com");
  }
  for (const UserId& nobody :
       {UserId{std::string("not-a-uuid")}, UserId{std::int64_t{1}}, UserId{id.substr(1)}}) {
    const auto found = store->find_by_id(nobody);
    ASSERT_TRUE(found);
    EXPECT_FALSE(found->has_value());
  }
  EXPECT_TRUE(store->find_by_username("ann@example.com").value().has_value());
  EXPECT_FALSE(store->find_by_username("ANN@example.com").value().has_value());
  EXPECT_EQ(store->replace_password(created->id, "x$1", "x$2").value(), true);
  EXPECT_EQ(store->update_last_login(created->id).value(), true);
  EXPECT_EQ(store->list().value().at(0).password, "x$2");
}

TEST(CustomUserTable, AUuidSecretColumnTakesOnlyUuids) {
  TempDir dir;
  const std::string path = dir.file("db.sqlite3");
  testing::exec_sql(path, testing::kAccountsUserTable);
  auto store = open_store(path, accounts_schema());
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create(testing::new_user("ann@example.com", "x")));
  const std::string fresh = "6F1C8B1E-3E8A-4B9A-9C1D-0123456789AB";
  EXPECT_EQ(store->set_jwt_secret("ann@example.com", fresh).value(), true);
  EXPECT_EQ(testing::query_text(path, "SELECT jwt_secret FROM accounts_user"),
            "6f1c8b1e3e8a4b9a9c1d0123456789ab");
  EXPECT_EQ(*store->find_by_username("ann@example.com").value()->jwt_secret,
            "6f1c8b1e-3e8a-4b9a-9c1d-0123456789ab");
  const auto bad = store->set_jwt_secret("ann@example.com", "not a uuid");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "column \"jwt_secret\" is a UUIDField: the secret must be a UUID");
  EXPECT_EQ(store->set_jwt_secret("bob@example.com", fresh).value(), false);
}

TEST(CustomUserTable, EmailAsUsernameRefusesADifferentEmail) {
  TempDir dir;
  const std::string path = dir.file("db.sqlite3");
  testing::exec_sql(path, testing::kAccountsUserTable);
  auto store = open_store(path, accounts_schema());
  ASSERT_TRUE(store);
  const auto created =
      store->create(testing::new_user("ann@example.com", "x", "other@example.com"));
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().message, "the email is the username field of table \"accounts_user\"");
  ASSERT_TRUE(store->create(testing::new_user("ann@example.com", "x", "ann@example.com")));
  EXPECT_EQ(store->create(testing::new_user("ann@example.com", "x")).error().kind,
            StoreError::Kind::kConflict);
}

TEST(CustomUserTable, WithoutAnEmailColumnTheEmailIsAbsent) {
  TempDir dir;
  const std::string path = dir.file("db.sqlite3");
  testing::exec_sql(path, kMembers);
  auto store = open_store(path, members_schema());
  ASSERT_TRUE(store);
  const auto with_email = store->create(testing::new_user("neo", "x", "neo@example.com"));
  ASSERT_FALSE(with_email);
  EXPECT_EQ(with_email.error().kind, StoreError::Kind::kInvalid);
  EXPECT_EQ(with_email.error().message, "table \"members\" has no email column");
  const auto created = store->create(testing::new_user("neo", "x"));
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_FALSE(created->email.has_value());
  EXPECT_EQ(std::get<std::int64_t>(created->id), 1);
}

TEST(CustomUserTable, MissingAbstractUserColumnsReadAsDjangoDefaults) {
  TempDir dir;
  const std::string path = dir.file("db.sqlite3");
  testing::exec_sql(path, kMembers);
  auto store = open_store(path, members_schema());
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create(testing::new_user("neo", "x")));
  const User neo = *store->find_by_username("neo").value();
  EXPECT_TRUE(neo.is_active);  // AbstractBaseUser.is_active is a class attribute: True
  EXPECT_FALSE(neo.is_staff);
  EXPECT_FALSE(neo.is_superuser);
  const auto deactivated = store->set_active("neo", false);
  ASSERT_FALSE(deactivated);
  EXPECT_EQ(deactivated.error().message, "table \"members\" has no column \"is_active\"");
  NewUser staff = testing::new_user("trinity", "x");
  staff.is_staff = true;
  EXPECT_EQ(store->create(staff).error().message, "table \"members\" has no column \"is_staff\"");
}

TEST(CustomUserTable, ATextSecretColumnIsWrittenVerbatim) {
  TempDir dir;
  const std::string path = dir.file("db.sqlite3");
  testing::exec_sql(path, kMembers);
  auto store = open_store(path, members_schema());
  ASSERT_TRUE(store);
  const auto created = store->create(testing::new_user("neo", "x"));
  ASSERT_TRUE(created);
  EXPECT_TRUE(std::regex_match(created->jwt_secret.value(), kCanonicalUuid));
  EXPECT_EQ(store->set_jwt_secret("neo", "any text").value(), true);
  EXPECT_EQ(store->find_by_username("neo").value()->jwt_secret, "any text");
}

TEST(CustomUserTable, NotNullColumnsTheStoreCannotFillAreReported) {
  TempDir dir;
  const std::string path = dir.file("db.sqlite3");
  testing::exec_sql(path, R"(CREATE TABLE "shop_customer" ("id" integer NOT NULL PRIMARY KEY,
      "password" varchar(128) NOT NULL, "username" varchar(150) NOT NULL UNIQUE,
      "phone" varchar(20) NOT NULL))");
  UserTableSchema schema;
  schema.table = "shop_customer";
  schema.email_field = "";
  auto store = open_store(path, schema);
  ASSERT_TRUE(store);
  const auto created = store->create(testing::new_user("kim", "x"));
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().kind, StoreError::Kind::kInvalid);
  EXPECT_EQ(created.error().message,
            "cannot create user \"kim\": NOT NULL constraint failed: shop_customer.phone");
}

}  // namespace
}  // namespace restjwt
