// A project made by the real Django 3.2 (startproject, migrate, users from the ORM) shares its
// SQLite file with restjwt: restjwt authenticates Django's users, Django authenticates after
// restjwt upgraded their hashes, and each reads what the other writes.
#include <filesystem>
#include <regex>

#include <gtest/gtest.h>

#include "django_peer.hpp"
#include "restjwt/credentials.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/sqlite_user_store.hpp"

namespace restjwt {
namespace {

using Kind = CredentialsResult::Kind;
using nlohmann::json;

constexpr std::uint32_t kIterations = 1000;  // django_peer.py's ITERATIONS

PasswordHashers hashers() {
  PasswordHasherOptions options;
  options.pbkdf2_iterations = kIterations;
  return PasswordHashers::from_names({"pbkdf2_sha256", "pbkdf2_sha1"}, options).value();
}

class DjangoDefaultUser : public ::testing::Test {
 protected:
  // One project for the suite; every test works on its own copy of the seeded database.
  static void SetUpTestSuite() {
    project_dir_ = new testing::TempDir();
    testing::django_peer(project(), "create");
    testing::django_peer(project(), "seed");
  }
  static void TearDownTestSuite() { delete project_dir_; }
  static std::string project() { return project_dir_->file("project"); }

  void SetUp() override {
    db_ = scratch_.file("db.sqlite3");
    std::filesystem::copy_file(project() + "/db.sqlite3", db_);
    SqliteStoreOptions options;
    options.path = db_;
    options.now = [] {
      return std::chrono::system_clock::time_point(std::chrono::microseconds(1714564800123456));
    };
    auto opened = SqliteUserStore::open(options);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }

  CredentialsResult login(const std::string& username, const std::string& password,
                          bool allow_inactive = false) {
    return authenticate_credentials(*store_, hashers_, username, password, allow_inactive).value();
  }

  json django_check(const json& logins) {
    return testing::django_peer(project(), "check '" + logins.dump() + "'", db_);
  }

  static testing::TempDir* project_dir_;
  testing::TempDir scratch_;
  std::string db_;
  std::unique_ptr<SqliteUserStore> store_;
  PasswordHashers hashers_ = hashers();
};

testing::TempDir* DjangoDefaultUser::project_dir_ = nullptr;

TEST_F(DjangoDefaultUser, RestjwtAuthenticatesTheUsersDjangoCreated) {
  const auto alice = login("alice", "alice-pw");
  ASSERT_EQ(alice.kind, Kind::kOk);
  EXPECT_FALSE(alice.password_upgraded);
  EXPECT_EQ(std::get<std::int64_t>(alice.user->id), 1);
  EXPECT_EQ(alice.user->email, "alice@example.com");
  EXPECT_EQ(alice.user->first_name, "Alice");
  EXPECT_TRUE(std::regex_match(alice.user->date_joined,
                               std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?)")))
      << alice.user->date_joined;
  const auto root = login("root", "root-pw");
  ASSERT_EQ(root.kind, Kind::kOk);
  EXPECT_TRUE(root.user->is_staff);
  EXPECT_TRUE(root.user->is_superuser);
  EXPECT_EQ(login("alice", "ALICE-PW").kind, Kind::kInvalid);
  EXPECT_EQ(login("Alice", "alice-pw").kind, Kind::kInvalid);
  EXPECT_EQ(login("nobody", "alice-pw").kind, Kind::kInvalid);
  EXPECT_EQ(login("dave", "").kind, Kind::kInvalid);  // set_unusable_password
  EXPECT_EQ(login("carol", "carol-pw").kind, Kind::kInvalid);
  EXPECT_EQ(login("carol", "carol-pw", /*allow_inactive=*/true).kind, Kind::kInactive);
}

TEST_F(DjangoDefaultUser, DjangoAuthenticatesAfterRestjwtUpgradedTheHash) {
  const auto bob = login("bob", "bob-pw");  // pbkdf2_sha1: another algorithm
  ASSERT_EQ(bob.kind, Kind::kOk);
  EXPECT_TRUE(bob.password_upgraded);
  const auto eve = login("eve", "eve-pw");  // pbkdf2_sha256 with half the iterations
  ASSERT_EQ(eve.kind, Kind::kOk);
  EXPECT_TRUE(eve.password_upgraded);
  const json django = django_check({{"bob", "bob-pw"}, {"eve", "eve-pw"}});
  EXPECT_EQ(django["logins"]["bob"], true);
  EXPECT_EQ(django["logins"]["eve"], true);
  EXPECT_EQ(django["users"]["bob"]["hash"], "pbkdf2_sha256$1000");
  EXPECT_EQ(django["users"]["eve"]["hash"], "pbkdf2_sha256$1000");
  // Django found nothing to upgrade: the hash is still the one restjwt wrote.
  EXPECT_EQ(store_->find_by_username("bob").value()->password, bob.user->password);
}

TEST_F(DjangoDefaultUser, DjangoReadsWhatRestjwtWrites) {
  ASSERT_TRUE(store_->create(
      testing::new_user("frank", hashers_.make_password("frank-pw"), "frank@example.com")));
  ASSERT_TRUE(store_->set_active("root", false).value());
  ASSERT_TRUE(store_->update_last_login(std::int64_t{3}).value());  // eve
  ASSERT_TRUE(store_->remove("alice").value());  // in a group, with an admin log entry
  const json django = django_check({{"frank", "frank-pw"}, {"root", "root-pw"}});
  EXPECT_EQ(django["logins"]["frank"], true);
  EXPECT_EQ(django["logins"]["root"], false);
  EXPECT_EQ(django["users"]["frank"]["date_joined"], "2024-05-01T12:00:00.123456+00:00");
  EXPECT_EQ(django["users"]["eve"]["last_login"], "2024-05-01T12:00:00.123456+00:00");
  EXPECT_EQ(django["users"]["root"]["is_active"], false);
  EXPECT_FALSE(django["users"].contains("alice"));
  EXPECT_EQ(django["group_links"], 0);
  EXPECT_EQ(django["log_entries"], 0);
}

TEST_F(DjangoDefaultUser, DjangoAdoptsADatabaseRestjwtCreated) {
  const std::string fresh = scratch_.file("fresh.sqlite3");
  SqliteStoreOptions options;
  options.path = fresh;
  options.create_if_missing = true;
  auto created = SqliteUserStore::open(options);
  ASSERT_TRUE(created) << created.error().message;
  ASSERT_TRUE((*created)->create(testing::new_user("founder", hashers_.make_password("pw"))));
  // Byte-for-byte the DDL of Django's own migrations for the tables restjwt creates.
  const std::string tables =
      "'django_migrations', 'django_content_type', 'auth_permission', 'auth_group', "
      "'auth_group_permissions', 'auth_user', 'auth_user_groups', 'auth_user_user_permissions'";
  const std::string django_schema = testing::schema_of(db_, tables);
  ASSERT_NE(django_schema.find("CREATE TABLE \"auth_user\""), std::string::npos);
  EXPECT_EQ(testing::schema_of(fresh, tables), django_schema);
  // Django migrates only its other apps, then logs the user in.
  testing::django_peer(project(), "migrate", fresh);
  EXPECT_EQ(testing::query_text(fresh,
                                "SELECT count(*) FROM django_migrations "
                                "WHERE app IN ('admin', 'sessions')"),
            "4");
  const json django = testing::django_peer(project(), R"(check '{"founder": "pw"}')", fresh);
  EXPECT_EQ(django["logins"]["founder"], true);
}

}  // namespace
}  // namespace restjwt
