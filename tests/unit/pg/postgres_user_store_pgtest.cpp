#include <chrono>

#include <gtest/gtest.h>

#include "pg_test_support.hpp"
#include "restjwt/postgres_user_store.hpp"
#include "unit/store/store_test_support.hpp"

namespace restjwt {
namespace {

using std::chrono::microseconds;
using std::chrono::system_clock;
using testing::pg_exec;
using testing::pg_query;

// 2024-05-01 12:00:00.123456 UTC.
constexpr std::int64_t kMay1st = 1714564800;
system_clock::time_point at(std::int64_t seconds, std::int64_t micros = 0) {
  return system_clock::time_point(std::chrono::seconds(seconds) + microseconds(micros));
}

class PostgresUserStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = testing::fresh_database();
    PostgresStoreOptions options;
    options.url = url_;
    options.create_if_missing = true;
    options.now = [this] { return now_; };
    auto opened = PostgresUserStore::open(options);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }

  User create(const std::string& username, const std::string& password = "pbkdf2_sha256$1$s$h") {
    auto created = store_->create(testing::new_user(username, password, username + "@example.com"));
    EXPECT_TRUE(created) << created.error().message;
    return created ? *created : User{};
  }

  std::string url_;
  system_clock::time_point now_ = at(kMay1st, 123456);
  std::unique_ptr<PostgresUserStore> store_;
};

TEST_F(PostgresUserStoreTest, CreateWritesDjangoDefaultsAndReturnsTheRow) {
  NewUser input = testing::new_user("alice", "pbkdf2_sha256$x", "alice@example.com");
  input.is_superuser = true;
  input.is_staff = true;
  input.first_name = "Alice";
  input.last_name = "Liddell";
  const auto created = store_->create(input);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(std::get<std::int64_t>(created->id), 1);
  EXPECT_EQ(created->username, "alice");
  EXPECT_EQ(created->email, "alice@example.com");
  EXPECT_EQ(created->password, "pbkdf2_sha256$x");
  EXPECT_TRUE(created->is_superuser);
  EXPECT_TRUE(created->is_staff);
  EXPECT_TRUE(created->is_active);
  EXPECT_EQ(created->first_name, "Alice");
  EXPECT_EQ(created->last_name, "Liddell");
  EXPECT_EQ(created->last_login, "");
  EXPECT_EQ(created->date_joined, "2024-05-01 12:00:00.123456");
  EXPECT_FALSE(created->jwt_secret.has_value());
  EXPECT_EQ(pg_query(url_,
                     "SELECT (last_login IS NULL)::text || is_superuser::text || "
                     "is_staff::text || is_active::text || date_joined::text FROM auth_user"),
            "truetruetruetrue2024-05-01 12:00:00.123456+00");
}

TEST_F(PostgresUserStoreTest, CreateRefusesATakenOrBlankUsername) {
  create("alice");
  const auto again = store_->create(testing::new_user("alice", "x"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, StoreError::Kind::kConflict);
  EXPECT_EQ(again.error().message, "user \"alice\" already exists");
  const auto blank = store_->create(testing::new_user("", "x"));
  ASSERT_FALSE(blank);
  EXPECT_EQ(blank.error().kind, StoreError::Kind::kInvalid);
}

TEST_F(PostgresUserStoreTest, FindsByUsernameExactlyAndById) {
  const User alice = create("alice");
  EXPECT_EQ(store_->find_by_username("alice")->value().id, alice.id);
  EXPECT_FALSE(store_->find_by_username("Alice")->has_value());
  EXPECT_FALSE(store_->find_by_username("nobody")->has_value());
  EXPECT_EQ(store_->find_by_id(alice.id)->value().username, "alice");
  EXPECT_FALSE(store_->find_by_id(UserId{std::int64_t{99}})->has_value());
  EXPECT_FALSE(store_->find_by_id(UserId{std::string("1")})->has_value());
}

TEST_F(PostgresUserStoreTest, SetPasswordAndCompareAndSwap) {
  const User alice = create("alice", "old");
  EXPECT_TRUE(*store_->set_password("alice", "new"));
  EXPECT_FALSE(*store_->set_password("nobody", "new"));
  EXPECT_FALSE(*store_->replace_password(alice.id, "old", "upgraded"));  // changed meanwhile
  EXPECT_EQ(store_->find_by_username("alice")->value().password, "new");
  EXPECT_TRUE(*store_->replace_password(alice.id, "new", "upgraded"));
  EXPECT_EQ(store_->find_by_username("alice")->value().password, "upgraded");
  EXPECT_FALSE(*store_->replace_password(UserId{std::string("x")}, "upgraded", "y"));
}

TEST_F(PostgresUserStoreTest, SetActiveAndLastLogin) {
  const User alice = create("alice");
  EXPECT_TRUE(*store_->set_active("alice", false));
  EXPECT_FALSE(store_->find_by_username("alice")->value().is_active);
  EXPECT_TRUE(*store_->set_active("alice", true));
  EXPECT_TRUE(store_->find_by_username("alice")->value().is_active);
  EXPECT_FALSE(*store_->set_active("nobody", true));
  now_ = at(kMay1st + 60);
  EXPECT_TRUE(*store_->update_last_login(alice.id));
  EXPECT_EQ(store_->find_by_id(alice.id)->value().last_login, "2024-05-01 12:01:00");
  EXPECT_FALSE(*store_->update_last_login(UserId{std::int64_t{42}}));
}

TEST_F(PostgresUserStoreTest, SetSecretNeedsAConfiguredColumn) {
  create("alice");
  const auto result = store_->set_jwt_secret("alice", "s");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, StoreError::Kind::kInvalid);
}

TEST_F(PostgresUserStoreTest, ListsInKeyOrder) {
  create("carol");
  create("alice");
  const auto users = store_->list();
  ASSERT_TRUE(users);
  ASSERT_EQ(users->size(), 2U);
  EXPECT_EQ((*users)[0].username, "carol");
  EXPECT_EQ((*users)[1].username, "alice");
}

TEST_F(PostgresUserStoreTest, RemoveCascadesManyToManyAndRefusesOtherReferences) {
  const User alice = create("alice");
  const User bob = create("bob");
  pg_exec(url_,
          "INSERT INTO auth_group (name) VALUES ('staff');"
          "INSERT INTO auth_user_groups (user_id, group_id) VALUES (" +
              to_string(alice.id) +
              ", 1);"
              "CREATE TABLE notes (id serial PRIMARY KEY, author_id integer NOT NULL "
              "REFERENCES auth_user (id) DEFERRABLE INITIALLY DEFERRED);"
              "INSERT INTO notes (author_id) VALUES (" +
              to_string(bob.id) + ")");
  EXPECT_TRUE(*store_->remove("alice"));
  EXPECT_EQ(pg_query(url_, "SELECT count(*) FROM auth_user_groups"), "0");
  EXPECT_FALSE(*store_->remove("alice"));
  const auto refused = store_->remove("bob");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, StoreError::Kind::kConflict);
  EXPECT_TRUE(store_->find_by_username("bob")->has_value());
}

TEST_F(PostgresUserStoreTest, CreatedSchemaIsRecordedForDjango) {
  EXPECT_EQ(pg_query(url_, "SELECT count(*) FROM django_migrations"), "14");
  EXPECT_EQ(pg_query(url_, "SELECT applied::text FROM django_migrations LIMIT 1"),
            "2024-05-01 12:00:00.123456+00");
}

TEST(PostgresOpen, RefusesAMissingTableWithoutCreating) {
  const std::string url = testing::fresh_database();
  PostgresStoreOptions options;
  options.url = url;
  const auto opened = PostgresUserStore::open(options);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().kind, StoreError::Kind::kInvalid);
  EXPECT_NE(opened.error().message.find("no table \"auth_user\""), std::string::npos)
      << opened.error().message;
  EXPECT_EQ(pg_query(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
}

TEST(PostgresOpen, NamesAMissingColumnAndAWrongKeyType) {
  const std::string url = testing::fresh_database();
  pg_exec(url,
          "CREATE TABLE auth_user (id serial PRIMARY KEY, password varchar(128), "
          "username varchar(150))");
  PostgresStoreOptions options;
  options.url = url;
  auto opened = PostgresUserStore::open(options);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().message,
            "cannot open the PostgreSQL user store: table \"auth_user\" has no column \"email\" "
            "(the email field)");
  options.schema.email_field = "";
  options.schema.id_type = UserTableSchema::IdType::kUuid;
  opened = PostgresUserStore::open(options);
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("primary key \"id\" is integer, but the id type is "
                                        "configured as uuid"),
            std::string::npos)
      << opened.error().message;
}

TEST(PostgresOpen, UnreachableServerIsUnavailableWithinTheConnectTimeout) {
  PostgresStoreOptions options;
  options.url = "postgresql://restjwt@127.0.0.1:1/restjwt";
  options.connect_timeout = std::chrono::milliseconds(500);
  const auto opened = PostgresUserStore::open(options);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().kind, StoreError::Kind::kUnavailable);
  options.url = "postgresql://host:notaport/db";  // libpq rejects it before connecting
  const auto bad = PostgresUserStore::open(options);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, StoreError::Kind::kInvalid) << bad.error().message;
}

}  // namespace
}  // namespace restjwt
