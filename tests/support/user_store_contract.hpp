// The contract every UserStore keeps (restjwt/user_store.hpp), as one value-parameterised suite
// that each store's test binary instantiates: SQLite in unit_store, PostgreSQL in unit_pg. A
// parameter opens a fresh database of its kind; the fixture opens stores on it (two stores on one
// database are two nodes). The tests are grouped by topic in this header (the store's methods)
// and in user_store_contract_{tables,logins,django}.hpp; include them all where the suite is
// instantiated.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "restjwt/credentials.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/user_store.hpp"
#include "support/django_tables.hpp"
#include "unit/store/store_test_support.hpp"

namespace restjwt::testing {

// 2024-05-01 12:00:00 UTC, in seconds since the epoch: the clock of the stores under test.
inline constexpr std::int64_t kMay1st = 1714564800;

inline std::chrono::system_clock::time_point at(std::int64_t seconds, std::int64_t micros = 0) {
  return std::chrono::system_clock::time_point(std::chrono::seconds(seconds) +
                                               std::chrono::microseconds(micros));
}

// PBKDF2-SHA256 first, PBKDF2-SHA1 second, as Django lists them; few iterations keep the tests
// fast, and the logic does not depend on them.
inline PasswordHashers fast_hashers(std::uint32_t iterations = 1000) {
  PasswordHasherOptions options;
  options.pbkdf2_iterations = iterations;
  return PasswordHashers::from_names({"pbkdf2_sha256", "pbkdf2_sha1"}, options).value();
}

// How a test opens a store.
struct StoreSetup {
  UserTableSchema schema;
  bool create_if_missing = true;  // Django's auth tables, made by the store (default table only)
  std::function<std::chrono::system_clock::time_point()> now;  // empty: the system clock
};

// One database of a kind, for one test: a SQLite file in a temporary directory, or a database in
// the PostgreSQL test cluster. Gone with the object (or with the cluster).
class TestDatabase {
 public:
  virtual ~TestDatabase() = default;
  // A store on this database, or nullptr with a test failure naming the reason.
  virtual std::unique_ptr<UserStore> open(const StoreSetup& setup) = 0;
  // SQL on the database (several statements allowed), as another program would run it; throws
  // when it fails.
  virtual void exec(const std::string& sql) = 0;
  // The first column of the first row of `sql`, as text; "" when there is none or it is NULL.
  virtual std::string query(const std::string& sql) = 0;
  // A new database of the kind, holding a copy of this one.
  virtual std::unique_ptr<TestDatabase> copy() = 0;
  // What points Django's settings at this database: a shell assignment for django_peer.py.
  virtual std::string django_environment() const = 0;
  // The Django tables' definitions (columns, constraints, indexes) as text, for comparing the
  // database restjwt created with the one Django's migrate made.
  virtual std::string django_schema() = 0;
};

struct StoreKind {
  std::string name;
  // A new, empty database.
  std::function<std::unique_ptr<TestDatabase>()> fresh_database;
  // The column types of the custom user tables (support/django_tables.hpp) in this kind.
  ColumnTypes column_types;
  // The database's own words when an INSERT leaves shop_customer.phone NULL.
  std::string not_null_failure;
  // The django_peer.py that runs Django on this kind of database, under tests/unit/.
  std::string django_peer;
  // A piece of django_schema() that only a database with Django's auth_user table has.
  std::string user_table_schema;
};

// gtest prints a parameter by this (not its bytes) in test names and failures.
inline void PrintTo(const StoreKind& kind, std::ostream* out) { *out << kind.name; }

inline std::string kind_name(const ::testing::TestParamInfo<StoreKind>& info) {
  return info.param.name;
}

// `options` (SqliteStoreOptions, PostgresStoreOptions) as `setup` asks.
template <typename Options>
Options with_setup(Options options, const StoreSetup& setup) {
  options.schema = setup.schema;
  options.create_if_missing = setup.create_if_missing;
  if (setup.now) options.now = setup.now;
  return options;
}

class UserStoreContract : public ::testing::TestWithParam<StoreKind> {
 protected:
  const StoreKind& kind() const { return GetParam(); }

  // This test's database: fresh and empty until a store creates Django's tables in it.
  TestDatabase& database() {
    if (!database_) database_ = kind().fresh_database();
    return *database_;
  }
  void use_database(std::unique_ptr<TestDatabase> database) { database_ = std::move(database); }

  // A store on database() at the fixture's clock (now_); the first opened is store().
  std::unique_ptr<UserStore> open(StoreSetup setup = {}) {
    if (!setup.now) setup.now = [this] { return now_; };
    return database().open(setup);
  }
  UserStore& store() {
    if (!store_) store_ = opened(open());
    return *store_;
  }
  // store() over the user table `schema` describes (a custom user model's).
  UserStore& store_with(const UserTableSchema& schema) {
    StoreSetup setup;
    setup.schema = schema;
    setup.create_if_missing = false;
    store_ = opened(open(setup));
    return *store_;
  }
  // store_with() a table that `ddl` makes first.
  UserStore& store_over(const std::string& ddl, const UserTableSchema& schema) {
    database().exec(ddl);
    return store_with(schema);
  }

  User create(const std::string& username, const std::string& password = "pbkdf2_sha256$1$s$h",
              bool active = true) {
    NewUser user = new_user(username, password, username + "@example.com");
    user.is_active = active;
    auto created = store().create(user);
    EXPECT_TRUE(created) << created.error().message;
    return created ? *created : User{};
  }

  std::string stored_password(const std::string& username) {
    return store().find_by_username(username).value()->password;
  }

  // authenticate_credentials (Django's ModelBackend) on store(), with hashers_.
  using Kind = CredentialsResult::Kind;
  CredentialsResult login(const std::string& username, const std::string& password,
                          bool allow_inactive = false) {
    auto result = authenticate_credentials(store(), hashers_, username, password, allow_inactive);
    EXPECT_TRUE(result) << result.error().message;
    return result ? *result : CredentialsResult{};
  }

  std::chrono::system_clock::time_point now_ = at(kMay1st, 123456);
  PasswordHashers hashers_ = fast_hashers();

 private:
  // A store that did not open fails the test (open() said why) rather than the process.
  static std::unique_ptr<UserStore> opened(std::unique_ptr<UserStore> store) {
    if (!store) throw std::runtime_error("the store did not open");
    return store;
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<UserStore> store_;
};

TEST_P(UserStoreContract, CreateWritesDjangoDefaultsAndReturnsTheRow) {
  NewUser input = new_user("alice", "pbkdf2_sha256$x", "alice@example.com");
  input.is_superuser = true;
  input.is_staff = true;
  input.first_name = "Alice";
  input.last_name = "Liddell";
  const auto created = store().create(input);
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
}

TEST_P(UserStoreContract, CreateRefusesATakenOrBlankUsername) {
  create("alice");
  const auto again = store().create(new_user("alice", "x"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, StoreError::Kind::kConflict);
  EXPECT_EQ(again.error().message, "user \"alice\" already exists");
  const auto blank = store().create(new_user("", "x"));
  ASSERT_FALSE(blank);
  EXPECT_EQ(blank.error().kind, StoreError::Kind::kInvalid);
  EXPECT_EQ(blank.error().message, "the username may not be blank");
}

TEST_P(UserStoreContract, FindByUsernameIsExactAndCaseSensitive) {
  const User alice = create("Alice");
  const auto found = store().find_by_username("Alice");
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->email, "Alice@example.com");
  EXPECT_EQ((*found)->id, alice.id);
  for (const char* other : {"alice", "ALICE", "Alice ", " Alice", "Alic", "Alice%", "nobody"}) {
    const auto missing = store().find_by_username(other);
    ASSERT_TRUE(missing);
    EXPECT_FALSE(missing->has_value()) << other;
  }
}

TEST_P(UserStoreContract, FindByIdFindsOnlyIdsOfTheTablesType) {
  const User alice = create("alice");
  const auto found = store().find_by_id(alice.id);
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->username, "alice");
  for (const UserId& other :
       {UserId{std::int64_t{2}}, UserId{std::int64_t{99}}, UserId{std::string("1")}}) {
    const auto missing = store().find_by_id(other);
    ASSERT_TRUE(missing);
    EXPECT_FALSE(missing->has_value()) << to_string(other);
  }
}

TEST_P(UserStoreContract, SetPasswordWritesOnlyExistingUsers) {
  create("alice");
  EXPECT_EQ(store().set_password("alice", "new$hash").value(), true);
  EXPECT_EQ(store().find_by_username("alice").value()->password, "new$hash");
  EXPECT_EQ(store().set_password("nobody", "new$hash").value(), false);
}

TEST_P(UserStoreContract, ReplacePasswordIsACompareAndSwap) {
  const User alice = create("alice", "old$hash");
  EXPECT_EQ(store().replace_password(alice.id, "stale$hash", "upgraded").value(), false);
  EXPECT_EQ(store().find_by_username("alice").value()->password, "old$hash");
  ASSERT_TRUE(store().set_password("alice", "new$hash").value());  // changed meanwhile
  EXPECT_EQ(store().replace_password(alice.id, "old$hash", "upgraded").value(), false);
  EXPECT_EQ(store().find_by_username("alice").value()->password, "new$hash");
  EXPECT_EQ(store().replace_password(alice.id, "new$hash", "upgraded").value(), true);
  EXPECT_EQ(store().find_by_username("alice").value()->password, "upgraded");
  EXPECT_EQ(store().replace_password(std::int64_t{42}, "upgraded", "x").value(), false);
  EXPECT_EQ(store().replace_password(UserId{std::string("x")}, "upgraded", "y").value(), false);
}

TEST_P(UserStoreContract, SetActiveTogglesIsActive) {
  create("alice");
  EXPECT_EQ(store().set_active("alice", false).value(), true);
  EXPECT_FALSE(store().find_by_username("alice").value()->is_active);
  EXPECT_EQ(store().set_active("alice", true).value(), true);
  EXPECT_TRUE(store().find_by_username("alice").value()->is_active);
  EXPECT_EQ(store().set_active("nobody", true).value(), false);
}

TEST_P(UserStoreContract, SetJwtSecretNeedsAConfiguredColumn) {
  create("alice");
  const auto result = store().set_jwt_secret("alice", "s3cret");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, StoreError::Kind::kInvalid);
  EXPECT_EQ(result.error().message, "no per-user secret column is configured");
}

TEST_P(UserStoreContract, UpdateLastLoginWritesDjangoUtcText) {
  const User alice = create("alice");
  now_ = at(kMay1st + 60);
  EXPECT_EQ(store().update_last_login(alice.id).value(), true);
  // Python's str(datetime) drops a zero microsecond part, and so do Django's backends.
  EXPECT_EQ(store().find_by_id(alice.id).value()->last_login, "2024-05-01 12:01:00");
  now_ = at(kMay1st + 61, 5);
  EXPECT_EQ(store().update_last_login(alice.id).value(), true);
  EXPECT_EQ(store().find_by_id(alice.id).value()->last_login, "2024-05-01 12:01:01.000005");
  EXPECT_EQ(store().update_last_login(std::int64_t{99}).value(), false);
}

TEST_P(UserStoreContract, ListReturnsEveryUserByPrimaryKey) {
  EXPECT_TRUE(store().list().value().empty());
  create("carol");
  create("alice");
  create("bob");
  const auto users = store().list().value();
  ASSERT_EQ(users.size(), 3U);
  EXPECT_EQ(users[0].username, "carol");
  EXPECT_EQ(users[1].username, "alice");
  EXPECT_EQ(users[2].username, "bob");
}

TEST_P(UserStoreContract, RemoveDeletesTheUserAndDjangoCascades) {
  const User alice = create("alice");
  create("bob");
  database().exec(
      "INSERT INTO auth_group (name) VALUES ('staff');"
      "INSERT INTO auth_user_groups (user_id, group_id) VALUES (1, 1), (2, 1);");
  EXPECT_EQ(store().remove("alice").value(), true);
  EXPECT_FALSE(store().find_by_id(alice.id).value().has_value());
  EXPECT_EQ(database().query("SELECT count(*) || ':' || min(user_id) FROM auth_user_groups"),
            "1:2");
  EXPECT_EQ(store().remove("alice").value(), false);
  EXPECT_EQ(store().list().value().size(), 1U);
}

TEST_P(UserStoreContract, RemoveRefusesAUserOtherRowsReference) {
  create("alice");
  database().exec(R"(CREATE TABLE "blog_post" ("id" integer NOT NULL PRIMARY KEY,
      "author_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);
      INSERT INTO blog_post (id, author_id) VALUES (1, 1);)");
  const auto removed = store().remove("alice");
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().kind, StoreError::Kind::kConflict);
  EXPECT_EQ(removed.error().message,
            "cannot delete user \"alice\": other rows still reference it (deactivate it instead, "
            "or delete it with Django)");
  EXPECT_TRUE(store().find_by_username("alice").value().has_value());
  // The failed delete was rolled back: the store still writes.
  EXPECT_EQ(store().set_active("alice", false).value(), true);
}

TEST_P(UserStoreContract, CreatingRecordsDjangosMigrationsOnce) {
  EXPECT_EQ(store().schema().table, "auth_user");
  ASSERT_TRUE(open());  // a second store finds the tables and creates nothing
  EXPECT_EQ(database().query("SELECT count(*) FROM django_migrations"), "14");
  EXPECT_EQ(database().query("SELECT max(name) FROM django_migrations WHERE app='auth'"),
            "0012_alter_user_first_name_max_length");
}

}  // namespace restjwt::testing
