// A Django 3.2 project with a custom user model (AbstractBaseUser + PermissionsMixin): email as
// USERNAME_FIELD, a UUIDField primary key and a UUIDField jwt_secret, its migration written by
// makemigrations. restjwt reads it through a UserTableSchema and Django reads what restjwt writes.
#include <filesystem>

#include <gtest/gtest.h>

#include "django_peer.hpp"
#include "restjwt/credentials.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/sqlite_user_store.hpp"

namespace restjwt {
namespace {

using Kind = CredentialsResult::Kind;
using nlohmann::json;

PasswordHashers hashers() {
  PasswordHasherOptions options;
  options.pbkdf2_iterations = 1000;  // django_peer.py's ITERATIONS
  return PasswordHashers::from_names({"pbkdf2_sha256", "pbkdf2_sha1"}, options).value();
}

UserTableSchema accounts_user() {
  UserTableSchema schema;
  schema.table = "accounts_user";
  schema.username_field = "email";
  schema.id_type = UserTableSchema::IdType::kUuid;
  schema.email_field = "email";
  schema.secret_column = "jwt_secret";
  return schema;
}

class DjangoCustomUser : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    project_dir_ = new testing::TempDir();
    testing::django_peer(project(), "create --custom");
    testing::django_peer(project(), "seed");
    seeded_ = new json(testing::django_peer(project(), "check '{}'"));
  }
  static void TearDownTestSuite() {
    delete seeded_;
    delete project_dir_;
  }
  static std::string project() { return project_dir_->file("project"); }
  // The seeded users as Django reads them: pk, jwt_secret, ….
  static const json& seeded(const std::string& email) { return (*seeded_)["users"][email]; }

  void SetUp() override {
    db_ = scratch_.file("db.sqlite3");
    std::filesystem::copy_file(project() + "/db.sqlite3", db_);
    SqliteStoreOptions options;
    options.path = db_;
    options.schema = accounts_user();
    auto opened = SqliteUserStore::open(options);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }

  CredentialsResult login(const std::string& email, const std::string& password) {
    return authenticate_credentials(*store_, hashers_, email, password, false).value();
  }

  json django_check(const json& logins) {
    return testing::django_peer(project(), "check '" + logins.dump() + "'", db_);
  }

  static testing::TempDir* project_dir_;
  static json* seeded_;
  testing::TempDir scratch_;
  std::string db_;
  std::unique_ptr<SqliteUserStore> store_;
  PasswordHashers hashers_ = hashers();
};

testing::TempDir* DjangoCustomUser::project_dir_ = nullptr;
json* DjangoCustomUser::seeded_ = nullptr;

TEST_F(DjangoCustomUser, LogsInByEmailWithTheUuidAndSecretDjangoPresents) {
  const auto alice = login("alice@example.com", "alice-pw");
  ASSERT_EQ(alice.kind, Kind::kOk);
  // user_id claim: str(user.pk); per-user secret: str(user.jwt_secret), as Python gives them.
  EXPECT_EQ(std::get<std::string>(alice.user->id), seeded("alice@example.com")["pk"]);
  EXPECT_EQ(alice.user->jwt_secret, seeded("alice@example.com")["jwt_secret"]);
  EXPECT_EQ(alice.user->email, "alice@example.com");
  const auto by_id = store_->find_by_id(alice.user->id).value();
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->username, "alice@example.com");
  EXPECT_EQ(login("alice", "alice-pw").kind, Kind::kInvalid);
  EXPECT_EQ(login("carol@example.com", "carol-pw").kind, Kind::kInvalid);
  EXPECT_EQ(login("dave@example.com", "").kind, Kind::kInvalid);
}

TEST_F(DjangoCustomUser, DjangoAuthenticatesAfterRestjwtUpgradedTheHash) {
  ASSERT_EQ(seeded("bob@example.com")["hash"], "pbkdf2_sha1$1000");
  const auto bob = login("bob@example.com", "bob-pw");
  ASSERT_EQ(bob.kind, Kind::kOk);
  EXPECT_TRUE(bob.password_upgraded);
  const json django = django_check({{"bob@example.com", "bob-pw"}});
  EXPECT_EQ(django["logins"]["bob@example.com"], true);
  EXPECT_EQ(django["users"]["bob@example.com"]["hash"], "pbkdf2_sha256$1000");
}

TEST_F(DjangoCustomUser, DjangoReadsWhatRestjwtWrites) {
  const auto cat =
      store_->create(testing::new_user("cat@example.com", hashers_.make_password("cat-pw")));
  ASSERT_TRUE(cat) << cat.error().message;
  const std::string rotated = "0b7d3f3e-5d7c-4f43-9a52-8e1f0c6d2a11";
  ASSERT_TRUE(store_->set_jwt_secret("eve@example.com", rotated).value());
  ASSERT_TRUE(
      store_->update_last_login(seeded("root@example.com")["pk"].get<std::string>()).value());
  ASSERT_TRUE(store_->remove("alice@example.com").value());  // groups and admin log cascade
  const json django = django_check({{"cat@example.com", "cat-pw"}});
  EXPECT_EQ(django["logins"]["cat@example.com"], true);
  EXPECT_EQ(django["users"]["cat@example.com"]["pk"], std::get<std::string>(cat->id));
  EXPECT_EQ(django["users"]["cat@example.com"]["jwt_secret"], cat->jwt_secret.value());
  EXPECT_EQ(django["users"]["eve@example.com"]["jwt_secret"], rotated);
  EXPECT_FALSE(django["users"]["root@example.com"]["last_login"].is_null());
  EXPECT_FALSE(django["users"].contains("alice@example.com"));
  EXPECT_EQ(django["group_links"], 0);
  EXPECT_EQ(django["log_entries"], 0);
}

}  // namespace
}  // namespace restjwt
