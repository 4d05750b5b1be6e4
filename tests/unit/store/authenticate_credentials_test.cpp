#include <gtest/gtest.h>

#include "forwarding_store.hpp"
#include "restjwt/credentials.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "store_test_support.hpp"

namespace restjwt {
namespace {

using Kind = CredentialsResult::Kind;

// Small work factors keep the tests fast; the logic does not depend on them.
constexpr std::uint32_t kIterations = 1000;

PasswordHashers make_hashers(std::uint32_t iterations) {
  PasswordHasherOptions options;
  options.pbkdf2_iterations = iterations;
  return PasswordHashers::from_names({"pbkdf2_sha256", "pbkdf2_sha1"}, options).value();
}

class AuthenticateCredentials : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteStoreOptions options;
    options.path = dir_.file("db.sqlite3");
    options.create_if_missing = true;
    auto opened = SqliteUserStore::open(options);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }

  User add(const std::string& username, const std::string& encoded, bool active = true) {
    NewUser user = testing::new_user(username, encoded, username + "@example.com");
    user.is_active = active;
    return store_->create(user).value();
  }

  std::string stored_password(const std::string& username) {
    return store_->find_by_username(username).value()->password;
  }

  CredentialsResult login(const std::string& username, const std::string& password,
                          bool allow_inactive = false) {
    auto result = authenticate_credentials(*store_, hashers_, username, password, allow_inactive);
    EXPECT_TRUE(result) << result.error().message;
    return result ? *result : CredentialsResult{};
  }

  testing::TempDir dir_;
  std::unique_ptr<SqliteUserStore> store_;
  PasswordHashers hashers_ = make_hashers(kIterations);
};

TEST_F(AuthenticateCredentials, RightPasswordReturnsTheUser) {
  add("alice", hashers_.make_password("wonderland"));
  const auto result = login("alice", "wonderland");
  EXPECT_EQ(result.kind, Kind::kOk);
  ASSERT_TRUE(result.user);
  EXPECT_EQ(result.user->username, "alice");
  EXPECT_FALSE(result.password_upgraded);
}

TEST_F(AuthenticateCredentials, WrongPasswordUnknownUserAndUnusableHashAreAllInvalid) {
  add("alice", hashers_.make_password("wonderland"));
  add("mallory", PasswordHashers::make_unusable_password());
  for (const auto& [username, password] :
       {std::pair{"alice", "Wonderland"}, std::pair{"nobody", "wonderland"},
        std::pair{"mallory", ""}, std::pair{"mallory", "wonderland"},
        std::pair{"ALICE", "wonderland"}}) {
    const auto result = login(username, password);
    EXPECT_EQ(result.kind, Kind::kInvalid) << username;
    EXPECT_FALSE(result.user) << username;
  }
}

TEST_F(AuthenticateCredentials, InactiveUserIsRejectedLikeAWrongPassword) {
  add("bob", hashers_.make_password("builder"), /*active=*/false);
  EXPECT_EQ(login("bob", "builder").kind, Kind::kInvalid);
}

TEST_F(AuthenticateCredentials, AllowInactiveReportsTheDisabledAccountOnlyAfterThePassword) {
  add("bob", hashers_.make_password("builder"), /*active=*/false);
  const auto right = login("bob", "builder", /*allow_inactive=*/true);
  EXPECT_EQ(right.kind, Kind::kInactive);
  ASSERT_TRUE(right.user);
  EXPECT_FALSE(right.user->is_active);
  EXPECT_EQ(login("bob", "wrong", /*allow_inactive=*/true).kind, Kind::kInvalid);
}

TEST_F(AuthenticateCredentials, OutdatedAlgorithmIsUpgradedInThePasswordColumnOnly) {
  const PasswordHashers sha1_first =
      PasswordHashers::from_names({"pbkdf2_sha1"},
                                  PasswordHasherOptions{.pbkdf2_iterations = kIterations})
          .value();
  const User before = add("carol", sha1_first.make_password("secret"));
  ASSERT_TRUE(before.password.starts_with("pbkdf2_sha1$"));
  const auto result = login("carol", "secret");
  EXPECT_EQ(result.kind, Kind::kOk);
  EXPECT_TRUE(result.password_upgraded);
  const User after = *store_->find_by_username("carol").value();
  EXPECT_TRUE(after.password.starts_with("pbkdf2_sha256$1000$")) << after.password;
  EXPECT_EQ(result.user->password, after.password);
  EXPECT_EQ(after.date_joined, before.date_joined);
  EXPECT_EQ(after.email, before.email);
  EXPECT_EQ(after.last_login, before.last_login);
  EXPECT_TRUE(hashers_.check_password("secret", after.password).matches);
  EXPECT_FALSE(login("carol", "secret").password_upgraded);  // now current: no second write
}

TEST_F(AuthenticateCredentials, FewerIterationsAreUpgradedEvenForAnInactiveUser) {
  // Django's check_password saves the new hash before ModelBackend looks at is_active.
  add("dave", make_hashers(500).make_password("secret"), /*active=*/false);
  EXPECT_EQ(login("dave", "secret").kind, Kind::kInvalid);
  EXPECT_TRUE(stored_password("dave").starts_with("pbkdf2_sha256$1000$"));
}

TEST_F(AuthenticateCredentials, WrongPasswordNeverWrites) {
  add("erin", make_hashers(500).make_password("secret"));
  testing::ForwardingStore spy(*store_);
  ASSERT_TRUE(authenticate_credentials(spy, hashers_, "erin", "guess", false));
  EXPECT_EQ(spy.replace_calls, 0);
  EXPECT_TRUE(stored_password("erin").starts_with("pbkdf2_sha256$500$"));
}

TEST_F(AuthenticateCredentials, UpgradeNeverOverwritesAPasswordChangedDuringTheLogin) {
  add("frank", make_hashers(500).make_password("old"));
  const std::string changed = hashers_.make_password("new");
  testing::ForwardingStore racing(*store_);
  racing.after_find = [&] { ASSERT_TRUE(store_->set_password("frank", changed).value()); };
  const auto result = authenticate_credentials(racing, hashers_, "frank", "old", false);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->kind, Kind::kOk);  // the password was right when it was read, as in Django
  EXPECT_FALSE(result->password_upgraded);
  EXPECT_FALSE(result->upgrade_error);
  EXPECT_EQ(racing.replace_calls, 1);
  EXPECT_EQ(stored_password("frank"), changed);
}

TEST_F(AuthenticateCredentials, AFailedUpgradeStillLogsIn) {
  add("grace", make_hashers(500).make_password("secret"));
  testing::ForwardingStore failing(*store_);
  failing.replace_error = StoreError{StoreError::Kind::kUnavailable, "database is locked"};
  const auto result = authenticate_credentials(failing, hashers_, "grace", "secret", false);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->kind, Kind::kOk);
  EXPECT_FALSE(result->password_upgraded);
  ASSERT_TRUE(result->upgrade_error);
  EXPECT_EQ(result->upgrade_error->message, "database is locked");
}

TEST_F(AuthenticateCredentials, ALookupFailureIsReturnedAsTheStoreError) {
  testing::ForwardingStore down(*store_);
  down.find_error = StoreError{StoreError::Kind::kUnavailable, "cannot find user: disk I/O error"};
  const auto result = authenticate_credentials(down, hashers_, "alice", "x", false);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, StoreError::Kind::kUnavailable);
}

}  // namespace
}  // namespace restjwt
