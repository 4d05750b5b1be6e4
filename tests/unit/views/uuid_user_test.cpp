// A custom user model with a UUID primary key and email login (wire contract §4): through the
// views, user_id is the dashed UUID string, username and email are the email, and verify,
// refresh and the protected route find the user again from those claims.
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "restjwt/base64url.hpp"
#include "support/app_fixture.hpp"
#include "support/django_tables.hpp"

namespace restjwt {
namespace {

using testing::AppFixture;

nlohmann::ordered_json payload_of(const std::string& token) {
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  return nlohmann::ordered_json::parse(
      base64url_decode(token.substr(first + 1, second - first - 1)).value());
}

struct UuidUser : ::testing::Test {
  testing::TempDir dir;
  std::unique_ptr<AppFixture> f;

  void SetUp() override {
    const auto path = dir.file("app.sqlite3");
    testing::exec_sql(path, testing::accounts_user_table());
    UserTableSchema schema;
    schema.table = "accounts_user";
    schema.username_field = "email";
    schema.email_field = "email";
    schema.id_type = UserTableSchema::IdType::kUuid;
    schema.secret_column = "jwt_secret";
    ApplicationOptions options;
    options.settings.allow_refresh = true;
    options.settings.username_field = "email";
    options.hooks.user_secret = [](const User& user) { return user.jwt_secret; };
    f = std::make_unique<AppFixture>(options, schema, path);
    f->add_user("zoe@example.com", "pw", true, "zoe@example.com");
  }
};

TEST_F(UuidUser, TokensCarryTheDashedUuidAndWorkEverywhere) {
  const auto obtained =
      f->post("/api-token-auth/", R"({"email":" zoe@example.com ","password":"pw"})");
  ASSERT_EQ(obtained.status, 200) << obtained.body;
  const auto token = nlohmann::json::parse(obtained.body)["token"].get<std::string>();
  const auto payload = payload_of(token);
  ASSERT_TRUE(payload["user_id"].is_string()) << payload.dump();
  EXPECT_TRUE(std::regex_match(payload["user_id"].get<std::string>(),
                               std::regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                                          "[0-9a-f]{12}")))
      << payload.dump();
  std::vector<std::string> keys;
  for (const auto& [key, value] : payload.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"user_id", "username", "exp", "email", "orig_iat"}));
  EXPECT_EQ(payload["username"], "zoe@example.com");
  EXPECT_EQ(payload["email"], "zoe@example.com");

  const auto verified = f->post("/api-token-verify/", R"({"token":")" + token + R"("})");
  EXPECT_EQ(verified.status, 200) << verified.body;
  f->now += 60;
  const auto refreshed = f->post("/api-token-refresh/", R"({"token":")" + token + R"("})");
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  const auto fresh = nlohmann::json::parse(refreshed.body)["token"].get<std::string>();
  EXPECT_EQ(payload_of(fresh)["user_id"], payload["user_id"]);
  EXPECT_EQ(payload_of(fresh)["orig_iat"], payload["orig_iat"]);

  const auto me = f->send("GET", "/api/user/", {{"Authorization", "JWT " + fresh}});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.body, R"({"user_id":")" + payload["user_id"].get<std::string>() +
                         R"(","username":"zoe@example.com","email":"zoe@example.com"})");
}

TEST_F(UuidUser, LoginIsByTheEmailFieldAndItsErrorsNameIt) {
  const auto missing = f->post("/api-token-auth/", R"({"username":"zoe@example.com"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.body,
            R"({"email":["This field is required."],"password":["This field is required."]})");
  const auto wrong = f->post("/api-token-auth/", R"({"email":"zoe@example.com","password":"no"})");
  EXPECT_EQ(wrong.body, R"({"non_field_errors":["Unable to log in with provided credentials."]})");
}

}  // namespace
}  // namespace restjwt
