#include "restjwt/sqlite_user_store.hpp"

#include <chrono>

#include <gtest/gtest.h>

#include "store_test_support.hpp"

namespace restjwt {
namespace {

using std::chrono::microseconds;
using std::chrono::system_clock;
using testing::TempDir;

// 2024-05-01 12:00:00.123456 UTC, and the same second without microseconds.
constexpr std::int64_t kMay1st = 1714564800;
system_clock::time_point at(std::int64_t seconds, std::int64_t micros = 0) {
  return system_clock::time_point(std::chrono::seconds(seconds) + microseconds(micros));
}

class SqliteUserStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteStoreOptions options;
    options.path = dir_.file("db.sqlite3");
    options.create_if_missing = true;
    options.now = [this] { return now_; };
    auto opened = SqliteUserStore::open(options);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }

  User create(const std::string& username, const std::string& password = "pbkdf2_sha256$1$s$h") {
    auto created = store_->create(testing::new_user(username, password, username + "@example.com"));
    EXPECT_TRUE(created) << created.error().message;
    return created ? *created : User{};
  }

  TempDir dir_;
  system_clock::time_point now_ = at(kMay1st, 123456);
  std::unique_ptr<SqliteUserStore> store_;
};

TEST_F(SqliteUserStoreTest, CreateWritesDjangoDefaultsAndReturnsTheRow) {
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
  const std::string db = dir_.file("db.sqlite3");
  EXPECT_EQ(testing::query_text(db,
                                "SELECT typeof(last_login) || is_superuser || is_staff || "
                                "is_active FROM auth_user"),
            "null111");
}

TEST_F(SqliteUserStoreTest, CreateRefusesATakenUsername) {
  create("alice");
  const auto again = store_->create(testing::new_user("alice", "x"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, StoreError::Kind::kConflict);
  EXPECT_EQ(again.error().message, "user \"alice\" already exists");
}

TEST_F(SqliteUserStoreTest, CreateRefusesABlankUsername) {
  const auto blank = store_->create(testing::new_user("", "x"));
  ASSERT_FALSE(blank);
  EXPECT_EQ(blank.error().kind, StoreError::Kind::kInvalid);
  EXPECT_EQ(blank.error().message, "the username may not be blank");
}

TEST_F(SqliteUserStoreTest, FindByUsernameIsExactAndCaseSensitive) {
  create("Alice");
  const auto found = store_->find_by_username("Alice");
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->email, "Alice@example.com");
  for (const char* other : {"alice", "ALICE", "Alice ", " Alice", "Alic", "Alice%"}) {
    const auto missing = store_->find_by_username(other);
    ASSERT_TRUE(missing);
    EXPECT_FALSE(missing->has_value()) << other;
  }
}

TEST_F(SqliteUserStoreTest, FindByIdFindsOnlyIntegerIds) {
  const User alice = create("alice");
  const auto found = store_->find_by_id(alice.id);
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->username, "alice");
  for (const UserId& other : {UserId{std::int64_t{2}}, UserId{std::string("1")}}) {
    const auto missing = store_->find_by_id(other);
    ASSERT_TRUE(missing);
    EXPECT_FALSE(missing->has_value());
  }
}

TEST_F(SqliteUserStoreTest, SetPasswordWritesOnlyExistingUsers) {
  create("alice");
  EXPECT_EQ(store_->set_password("alice", "new$hash").value(), true);
  EXPECT_EQ(store_->find_by_username("alice").value()->password, "new$hash");
  EXPECT_EQ(store_->set_password("nobody", "new$hash").value(), false);
}

TEST_F(SqliteUserStoreTest, ReplacePasswordIsACompareAndSwap) {
  const User alice = create("alice", "old$hash");
  EXPECT_EQ(store_->replace_password(alice.id, "stale$hash", "upgraded").value(), false);
  EXPECT_EQ(store_->find_by_username("alice").value()->password, "old$hash");
  EXPECT_EQ(store_->replace_password(alice.id, "old$hash", "upgraded").value(), true);
  EXPECT_EQ(store_->find_by_username("alice").value()->password, "upgraded");
  EXPECT_EQ(store_->replace_password(std::int64_t{42}, "upgraded", "x").value(), false);
}

TEST_F(SqliteUserStoreTest, SetActiveTogglesIsActive) {
  create("alice");
  EXPECT_EQ(store_->set_active("alice", false).value(), true);
  EXPECT_FALSE(store_->find_by_username("alice").value()->is_active);
  EXPECT_EQ(store_->set_active("alice", true).value(), true);
  EXPECT_TRUE(store_->find_by_username("alice").value()->is_active);
  EXPECT_EQ(store_->set_active("nobody", true).value(), false);
}

TEST_F(SqliteUserStoreTest, SetJwtSecretNeedsAConfiguredColumn) {
  create("alice");
  const auto result = store_->set_jwt_secret("alice", "s3cret");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, StoreError::Kind::kInvalid);
  EXPECT_EQ(result.error().message, "no per-user secret column is configured");
}

TEST_F(SqliteUserStoreTest, UpdateLastLoginWritesDjangoUtcText) {
  const User alice = create("alice");
  now_ = at(kMay1st + 60);
  EXPECT_EQ(store_->update_last_login(alice.id).value(), true);
  // Python's str(datetime) drops a zero microsecond part, and so does Django's SQLite backend.
  EXPECT_EQ(store_->find_by_id(alice.id).value()->last_login, "2024-05-01 12:01:00");
  now_ = at(kMay1st + 61, 5);
  EXPECT_EQ(store_->update_last_login(alice.id).value(), true);
  EXPECT_EQ(store_->find_by_id(alice.id).value()->last_login, "2024-05-01 12:01:01.000005");
  EXPECT_EQ(store_->update_last_login(std::int64_t{99}).value(), false);
}

TEST_F(SqliteUserStoreTest, ListReturnsEveryUserByPrimaryKey) {
  EXPECT_TRUE(store_->list().value().empty());
  create("carol");
  create("alice");
  create("bob");
  const auto users = store_->list().value();
  ASSERT_EQ(users.size(), 3U);
  EXPECT_EQ(users[0].username, "carol");
  EXPECT_EQ(users[1].username, "alice");
  EXPECT_EQ(users[2].username, "bob");
}

TEST_F(SqliteUserStoreTest, RemoveDeletesTheUserAndDjangoCascades) {
  const User alice = create("alice");
  create("bob");
  const std::string db = dir_.file("db.sqlite3");
  testing::exec_sql(db,
                    "INSERT INTO auth_group (name) VALUES ('staff');"
                    "INSERT INTO auth_user_groups (user_id, group_id) VALUES (1, 1), (2, 1);");
  EXPECT_EQ(store_->remove("alice").value(), true);
  EXPECT_FALSE(store_->find_by_id(alice.id).value().has_value());
  EXPECT_EQ(testing::query_text(db, "SELECT group_concat(user_id) FROM auth_user_groups"), "2");
  EXPECT_EQ(store_->remove("alice").value(), false);
  EXPECT_EQ(store_->list().value().size(), 1U);
}

TEST_F(SqliteUserStoreTest, RemoveRefusesAUserOtherRowsReference) {
  create("alice");
  const std::string db = dir_.file("db.sqlite3");
  testing::exec_sql(db, R"(CREATE TABLE "blog_post" ("id" integer NOT NULL PRIMARY KEY,
      "author_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);
      INSERT INTO blog_post (author_id) VALUES (1);)");
  const auto removed = store_->remove("alice");
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().kind, StoreError::Kind::kConflict);
  EXPECT_EQ(removed.error().message,
            "cannot delete user \"alice\": other rows still reference it (deactivate it instead, "
            "or delete it with Django)");
  EXPECT_TRUE(store_->find_by_username("alice").value().has_value());
  // The failed transaction was rolled back: the connection is usable for writes.
  EXPECT_EQ(store_->set_active("alice", false).value(), true);
}

TEST_F(SqliteUserStoreTest, SchemaAndPathDescribeTheStore) {
  EXPECT_EQ(store_->schema().table, "auth_user");
  EXPECT_EQ(store_->path(), dir_.file("db.sqlite3"));
  EXPECT_EQ(testing::query_text(dir_.file("db.sqlite3"), "PRAGMA journal_mode"), "wal");
}

}  // namespace
}  // namespace restjwt
