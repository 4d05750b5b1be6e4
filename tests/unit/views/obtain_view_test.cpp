// Wire contract §2, §3, §8, §13 through the framework-neutral Application (no sockets: the HTTP
// integration suite replays the wire-level rows over real connections).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "restjwt/base64url.hpp"
#include "support/app_fixture.hpp"
#include "support/wire_cases.hpp"
#include "views/request_data.hpp"

namespace restjwt {
namespace {

using testing::AppFixture;
using testing::kNow;

class WireContract : public ::testing::TestWithParam<testing::WireCase> {};

TEST_P(WireContract, AnswersExactly) {
  AppFixture f;
  for (const auto& user : testing::wire_users())
    f.add_user(user.username, user.password, user.active, user.email);
  const auto& c = GetParam();
  const auto response = f.send(c.method, c.target, c.headers, c.body);
  EXPECT_EQ(response.status, c.status) << response.body;
  EXPECT_TRUE(testing::body_matches(c.expected_body, response.body)) << response.body;
  for (const auto& [name, value] : c.expected_headers) {
    EXPECT_EQ(response.header(name), value) << name;
  }
}

INSTANTIATE_TEST_SUITE_P(WireCases, WireContract, ::testing::ValuesIn(testing::wire_cases()),
                         [](const auto& param_info) { return param_info.param.name; });

const std::string kBadCredentials = testing::kBadCredentials;

TEST(ObtainView, IssuesDrfJwtPayloadWithHeadersAndNoStore) {
  AppFixture f;
  f.add_user("alice", "pw", true, "alice@example.com");
  const auto response = f.post("/api-token-auth/", R"({"username":"alice","password":"pw"})");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.header("Content-Type"), "application/json");
  EXPECT_EQ(response.header("Vary"), "Accept");
  EXPECT_EQ(response.header("Allow"), "POST, OPTIONS");
  EXPECT_EQ(response.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(response.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(response.header("Referrer-Policy"), "same-origin");
  EXPECT_EQ(response.header("Cache-Control"), "no-store");  // §15.10
  EXPECT_EQ(response.header("Set-Cookie"), "");
  const auto token = nlohmann::json::parse(response.body)["token"].get<std::string>();
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  EXPECT_EQ(base64url_decode(token.substr(0, first)).value(), R"({"typ":"JWT","alg":"HS256"})");
  EXPECT_EQ(base64url_decode(token.substr(first + 1, second - first - 1)).value(),
            R"({"user_id":1,"username":"alice","exp":)" + std::to_string(kNow + 300) +
                R"(,"email":"alice@example.com"})");
}

TEST(ObtainView, AllowRefreshAudienceIssuerAddClaimsInDrfOrder) {
  ApplicationOptions options;
  options.settings.allow_refresh = true;
  options.settings.audience = "aud1";
  options.settings.issuer = "iss1";
  AppFixture f(options);
  f.add_user("alice", "pw");
  const auto token = f.obtain("alice", "pw");
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  EXPECT_EQ(base64url_decode(token.substr(first + 1, second - first - 1)).value(),
            R"({"user_id":1,"username":"alice","exp":)" + std::to_string(kNow + 300) +
                R"(,"email":"","orig_iat":)" + std::to_string(kNow) +
                R"(,"aud":"aud1","iss":"iss1"})");
}

TEST(ObtainView, InactiveUserWithAllowInactiveLoginIsToldDisabled) {
  ApplicationOptions options;
  options.allow_inactive_login = true;
  AppFixture f(options);
  f.add_user("dave", "right", /*active=*/false);
  EXPECT_EQ(f.post("/api-token-auth/", R"({"username":"dave","password":"right"})").body,
            R"({"non_field_errors":["User account is disabled."]})");
  EXPECT_EQ(f.post("/api-token-auth/", R"({"username":"dave","password":"wrong"})").body,
            kBadCredentials);
}

TEST(ObtainView, CookieIsSetWithDjangoAttributesAndRestjwtHardening) {
  ApplicationOptions options;
  options.settings.auth_cookie = "jwt-token";
  AppFixture f(options);
  f.add_user("alice", "pw");
  const auto response = f.post("/api-token-auth/", R"({"username":"alice","password":"pw"})");
  const auto token = nlohmann::json::parse(response.body)["token"].get<std::string>();
  // kNow + 300 = 2027-01-15 08:05:00 UTC, a Friday.
  EXPECT_EQ(response.header("Set-Cookie"), "jwt-token=" + token +
                                               "; expires=Fri, 15 Jan 2027 08:05:00 GMT; HttpOnly; "
                                               "Max-Age=300; Path=/; SameSite=Lax; Secure");
  const auto failed = f.post("/api-token-auth/", R"({"username":"alice","password":"no"})");
  EXPECT_EQ(failed.header("Set-Cookie"), "");
}

TEST(ObtainView, AuthorizationHeaderIsIgnored) {
  AppFixture f;
  f.add_user("alice", "pw");
  const auto response = f.post("/api-token-auth/", R"({"username":"alice","password":"pw"})",
                               "application/json", {{"Authorization", "JWT garbage"}});
  EXPECT_EQ(response.status, 200);
}

TEST(ObtainView, EmailAsUsernameFieldOfACustomUserTable) {
  testing::TempDir dir;
  const std::string path = dir.file("custom.sqlite3");
  // The table a Django custom user model (USERNAME_FIELD = "email") migrates to.
  testing::exec_sql(path,
                    "CREATE TABLE accounts_user (id integer NOT NULL PRIMARY KEY AUTOINCREMENT, "
                    "password varchar(128) NOT NULL, last_login datetime NULL, "
                    "email varchar(254) NOT NULL UNIQUE, is_active bool NOT NULL)");
  UserTableSchema schema;
  schema.table = "accounts_user";
  schema.username_field = "email";
  AppFixture f({}, schema, path);
  NewUser user;
  user.username = "a@example.com";
  user.email = "a@example.com";
  user.password = f.hashers->make_password("pw");
  const auto created = f.store->create(user);
  ASSERT_TRUE(created.has_value()) << created.error().message;
  const auto response = f.post("/api-token-auth/", R"({"email":"a@example.com","password":"pw"})");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto token = nlohmann::json::parse(response.body)["token"].get<std::string>();
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  EXPECT_EQ(base64url_decode(token.substr(first + 1, second - first - 1)).value(),
            R"({"user_id":1,"username":"a@example.com","exp":)" + std::to_string(kNow + 300) +
                R"(,"email":"a@example.com"})");
  EXPECT_EQ(f.post("/api-token-auth/", "{}").body,
            R"({"email":["This field is required."],"password":["This field is required."]})");
  const auto options = f.send("OPTIONS", "/api-token-auth/");
  EXPECT_NE(
      options.body.find(
          R"("actions":{"POST":{"email":{"type":"string","required":true,"read_only":false,"label":"Email"})"),
      std::string::npos)
      << options.body;
}

}  // namespace
}  // namespace restjwt

namespace restjwt {
namespace {

// Found by fuzz_request_body: a multipart field name with invalid UTF-8 came out unchanged.
TEST(MultipartBody, FieldNamesAreDecodedWithReplacementLikeValues) {
  const auto data = detail::parse_multipart_body(
      "multipart/form-data; boundary=B",
      "--B\r\nContent-Disposition: form-data; name=\"user\xff\x94me\"\r\n\r\nalice\r\n--B--\r\n");
  ASSERT_TRUE(data.has_value());
  ASSERT_EQ(data->fields.size(), 1U);
  EXPECT_EQ(data->fields.begin()->first, "user\xEF\xBF\xBD\xEF\xBF\xBDme");
}

}  // namespace
}  // namespace restjwt
