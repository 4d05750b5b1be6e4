// JWT_GET_USER_SECRET_KEY: each user's tokens signed with their own secret
// (docs/wire-contract.md §10, §15.1, §15.5).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/app_fixture.hpp"

namespace restjwt {
namespace {

using testing::AppFixture;
using testing::kNow;

struct PerUserSecret : ::testing::Test {
  testing::TempDir dir;
  std::string path = dir.file("users.sqlite3");
  std::unique_ptr<AppFixture> f;

  void SetUp() override {
    const UserTableSchema schema = testing::make_users_with_secret_column(path);
    ApplicationOptions options;
    options.hooks.user_secret = [](const User& user) { return user.jwt_secret; };
    f = std::make_unique<AppFixture>(options, schema, path);
    f->add_user("alice", "pw");
    f->add_user("bob", "pw");
    ASSERT_TRUE(
        f->store->set_jwt_secret("alice", "alice-secret-alice-secret-alice-secret").value());
    ASSERT_TRUE(f->store->set_jwt_secret("bob", "bob-secret-bob-secret-bob-secret-bob").value());
  }

  std::string verify(const std::string& token) const {
    return f->post("/api-token-verify/", R"({"token":")" + token + R"("})").body;
  }
};

TEST_F(PerUserSecret, TokensAreSignedWithTheUsersSecret) {
  const auto token = f->obtain("alice", "pw");
  ASSERT_FALSE(token.empty());
  const auto alice_key =
      Key::hmac_secret(Algorithm::kHS256, "alice-secret-alice-secret-alice-secret").value();
  EXPECT_TRUE(TokenVerifier(alice_key, {}, fixed_clock(kNow)).verify(token).has_value());
  EXPECT_EQ(verify(token), R"({"token":")" + token + R"("})");
}

TEST_F(PerUserSecret, RotatingTheSecretInvalidatesTheUsersTokens) {
  const auto token = f->obtain("alice", "pw");
  ASSERT_TRUE(f->store->set_jwt_secret("alice", "rotated-rotated-rotated-rotated-rotated").value());
  EXPECT_EQ(verify(token), R"({"non_field_errors":["Error decoding signature."]})");
}

TEST_F(PerUserSecret, UserIdAndUsernameMustNameTheSameUser) {
  // Signed with bob's secret (user_id 2) but naming alice: refused (§15.5).
  Claims payload = Claims::object();
  payload["user_id"] = 2;
  payload["username"] = "alice";
  payload["exp"] = kNow + 60;
  const auto bob_key =
      Key::hmac_secret(Algorithm::kHS256, "bob-secret-bob-secret-bob-secret-bob").value();
  EXPECT_EQ(verify(encode_jwt(bob_key, payload).value()),
            R"({"non_field_errors":["Error decoding signature."]})");
}

TEST_F(PerUserSecret, UnknownOrMissingUserIdIsADecodeError) {
  Claims payload = Claims::object();
  payload["user_id"] = 99;
  payload["username"] = "alice";
  payload["exp"] = kNow + 60;
  const auto some_key =
      Key::hmac_secret(Algorithm::kHS256, "alice-secret-alice-secret-alice-secret").value();
  EXPECT_EQ(verify(encode_jwt(some_key, payload).value()),
            R"({"non_field_errors":["Error decoding signature."]})");
  payload.erase("user_id");
  EXPECT_EQ(verify(encode_jwt(some_key, payload).value()),
            R"({"non_field_errors":["Error decoding signature."]})");
  payload["user_id"] = "1";
  EXPECT_EQ(verify(encode_jwt(some_key, payload).value()),
            R"({"non_field_errors":["Error decoding signature."]})");
}

// A user row whose secret column is NULL (or empty) holds no valid token and gets none: the
// "other" refusal on every surface, never a 500 (drf-jwt answered 500).
TEST_F(PerUserSecret, AUserWithoutASecretIsACleanRefusal) {
  const auto token = f->obtain("carol-never", "pw");  // nobody: the ordinary bad credentials
  EXPECT_TRUE(token.empty());
  f->add_user("carol", "pw");
  testing::exec_sql(path, "UPDATE auth_user SET jwt_secret = NULL WHERE username = 'carol'");
  const auto obtained = f->post("/api-token-auth/", R"({"username":"carol","password":"pw"})");
  EXPECT_EQ(obtained.status, 400);
  EXPECT_EQ(obtained.body, R"({"non_field_errors":["Invalid token."]})");
  ASSERT_TRUE(f->store->set_jwt_secret("carol", "").value());
  EXPECT_EQ(f->post("/api-token-auth/", R"({"username":"carol","password":"pw"})").status, 400);

  Claims payload = Claims::object();
  payload["user_id"] = 3;
  payload["username"] = "carol";
  payload["exp"] = kNow + 60;
  const auto some_key =
      Key::hmac_secret(Algorithm::kHS256, "carol-secret-carol-secret-carol-secret").value();
  const auto forged = encode_jwt(some_key, payload).value();
  EXPECT_EQ(verify(forged), R"({"non_field_errors":["Invalid token."]})");
  const auto user = f->send("GET", "/api/user/", {{"Authorization", "JWT " + forged}});
  EXPECT_EQ(user.status, 401);
  EXPECT_EQ(user.body, R"({"detail":"Incorrect authentication credentials."})");
}

TEST_F(PerUserSecret, ProtectedRouteUsesTheSameKeys) {
  const auto token = f->obtain("bob", "pw");
  const auto response = f->send("GET", "/api/user/", {{"Authorization", "JWT " + token}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("X-Auth-Username"), "bob");
}

}  // namespace
}  // namespace restjwt
