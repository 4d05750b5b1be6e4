// SPEC §2, §3, §8, §13 through the framework-neutral Application (no sockets: the HTTP
// integration suite replays the wire-level rows over real connections).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "restjwt/base64url.hpp"
#include "support/app_fixture.hpp"

namespace restjwt {
namespace {

using testing::AppFixture;
using testing::kNow;

struct BodyCase {
  std::string name;
  std::string content_type;
  std::string body;
  int status;
  std::string expected_body;
};

class ObtainBody : public ::testing::TestWithParam<BodyCase> {};

const std::string kRequiredBoth =
    R"({"username":["This field is required."],"password":["This field is required."]})";
const std::string kBadCredentials = R"({"non_field_errors":["Unable to log in with provided credentials."]})";

TEST_P(ObtainBody, AnswersExactly) {
  AppFixture f;
  f.add_user("alice", "s3cret pass", true, "alice@example.com");
  f.add_user("carol", "123");
  f.add_user("dave", "right", /*active=*/false);
  const auto& c = GetParam();
  const auto response = f.post("/api-token-auth/", c.body, c.content_type);
  EXPECT_EQ(response.status, c.status) << response.body;
  if (c.expected_body.ends_with("*")) {
    EXPECT_TRUE(response.body.starts_with(c.expected_body.substr(0, c.expected_body.size() - 1))) << response.body;
  } else {
    EXPECT_EQ(response.body, c.expected_body);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Spec, ObtainBody,
    ::testing::Values(
        BodyCase{"EmptyObject", "application/json", "{}", 400, kRequiredBoth},
        BodyCase{"NoBodyWhateverType", "text/plain", "", 400, kRequiredBoth},
        BodyCase{"NoBodyNoType", "", "", 400, kRequiredBoth},
        BodyCase{"NullFields", "application/json", R"({"username":null,"password":null})", 400,
                 R"({"username":["This field may not be null."],"password":["This field may not be null."]})"},
        BodyCase{"BlankFields", "application/json", R"({"username":"","password":"  "})", 400,
                 R"({"username":["This field may not be blank."],"password":["This field may not be blank."]})"},
        BodyCase{"NotStrings", "application/json", R"({"username":true,"password":[1]})", 400,
                 R"({"username":["Not a valid string."],"password":["Not a valid string."]})"},
        BodyCase{"ObjectField", "application/json", R"({"username":{},"password":"x"})", 400,
                 R"({"username":["Not a valid string."]})"},
        BodyCase{"OnlyPasswordMissing", "application/json", R"({"username":"alice"})", 400,
                 R"({"password":["This field is required."]})"},
        BodyCase{"WrongPassword", "application/json", R"({"username":"alice","password":"nope"})", 400, kBadCredentials},
        BodyCase{"UnknownUser", "application/json", R"({"username":"nobody","password":"x"})", 400, kBadCredentials},
        BodyCase{"InactiveUser", "application/json", R"({"username":"dave","password":"right"})", 400, kBadCredentials},
        BodyCase{"UsernameIsCaseSensitive", "application/json", R"({"username":"Alice","password":"s3cret pass"})", 400, kBadCredentials},
        BodyCase{"PasswordIsNotTrimmed", "application/json", R"({"username":"alice","password":" s3cret pass "})", 400, kBadCredentials},
        BodyCase{"JsonNull", "application/json", "null", 400, R"({"non_field_errors":["No data provided"]})"},
        BodyCase{"JsonList", "application/json", "[]", 400, R"({"non_field_errors":["Invalid data. Expected a dictionary, but got list."]})"},
        BodyCase{"JsonString", "application/json", "\"x\"", 400, R"({"non_field_errors":["Invalid data. Expected a dictionary, but got str."]})"},
        BodyCase{"JsonInt", "application/json", "12", 400, R"({"non_field_errors":["Invalid data. Expected a dictionary, but got int."]})"},
        BodyCase{"JsonFloat", "application/json", "1.5", 400, R"({"non_field_errors":["Invalid data. Expected a dictionary, but got float."]})"},
        BodyCase{"JsonBool", "application/json", "true", 400, R"({"non_field_errors":["Invalid data. Expected a dictionary, but got bool."]})"},
        BodyCase{"MalformedJson", "application/json", "{\"username\":", 400, R"({"detail":"JSON parse error - *)"},
        BodyCase{"NaNIsRefused", "application/json", R"({"username":NaN})", 400, R"({"detail":"JSON parse error - *)"},
        BodyCase{"InvalidUtf8", "application/json", "{\"username\":\"\xff\"}", 400, R"({"detail":"JSON parse error - *)"},
        BodyCase{"Bom", "application/json", "\xEF\xBB\xBF{}", 400, R"({"detail":"JSON parse error - *)"},
        BodyCase{"NoContentType", "", "{}", 415, R"({"detail":"Unsupported media type \"\" in request."})"},
        BodyCase{"OtherContentType", "text/plain; charset=utf-8", "{}", 415,
                 R"({"detail":"Unsupported media type \"text/plain; charset=utf-8\" in request."})"},
        BodyCase{"MultipartWithoutBoundary", "multipart/form-data", "x", 400,
                 R"({"detail":"Multipart form parse error - Invalid boundary in multipart: None"})"},
        BodyCase{"DuplicateKeysLastWins", "application/json",
                 R"({"username":"nobody","username":"alice","password":"s3cret pass"})", 200, R"({"token":"*)"},
        BodyCase{"MediaTypeCaseAndParams", "Application/JSON; charset=utf-8",
                 R"({"username":"alice","password":"s3cret pass"})", 200, R"({"token":"*)"},
        BodyCase{"NumberAsText", "application/json", R"({"username":"carol","password":123})", 200, R"({"token":"*)"},
        BodyCase{"UsernameTrimmed", "application/json", R"({"username":"  alice\t","password":"s3cret pass"})", 200, R"({"token":"*)"},
        BodyCase{"Form", "application/x-www-form-urlencoded", "username=alice&password=s3cret+pass", 200, R"({"token":"*)"},
        BodyCase{"FormRepeatedFieldLastWins", "application/x-www-form-urlencoded",
                 "username=bob&username=alice&password=s3cret%20pass", 200, R"({"token":"*)"},
        BodyCase{"FormMissing", "application/x-www-form-urlencoded", "other=1", 400, kRequiredBoth},
        BodyCase{"Multipart", "multipart/form-data; boundary=XyZ",
                 "--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nalice\r\n"
                 "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\ns3cret pass\r\n--XyZ--\r\n",
                 200, R"({"token":"*)"},
        BodyCase{"UnknownFieldsIgnored", "application/json",
                 R"({"username":"alice","password":"s3cret pass","extra":[1,2]})", 200, R"({"token":"*)"}),
    [](const auto& param_info) { return param_info.param.name; });

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
  EXPECT_EQ(response.header("Cache-Control"), "no-store");  // SPEC §15.10
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
                R"(,"email":"","orig_iat":)" + std::to_string(kNow) + R"(,"aud":"aud1","iss":"iss1"})");
}

TEST(ObtainView, InactiveUserWithAllowInactiveLoginIsToldDisabled) {
  ApplicationOptions options;
  options.allow_inactive_login = true;
  AppFixture f(options);
  f.add_user("dave", "right", /*active=*/false);
  EXPECT_EQ(f.post("/api-token-auth/", R"({"username":"dave","password":"right"})").body,
            R"({"non_field_errors":["User account is disabled."]})");
  EXPECT_EQ(f.post("/api-token-auth/", R"({"username":"dave","password":"wrong"})").body, kBadCredentials);
}

TEST(ObtainView, CookieIsSetWithDjangoAttributesAndRestjwtHardening) {
  ApplicationOptions options;
  options.settings.auth_cookie = "jwt-token";
  AppFixture f(options);
  f.add_user("alice", "pw");
  const auto response = f.post("/api-token-auth/", R"({"username":"alice","password":"pw"})");
  const auto token = nlohmann::json::parse(response.body)["token"].get<std::string>();
  // kNow + 300 = 2027-01-15 08:05:00 UTC, a Friday.
  EXPECT_EQ(response.header("Set-Cookie"),
            "jwt-token=" + token +
                "; expires=Fri, 15 Jan 2027 08:05:00 GMT; HttpOnly; Max-Age=300; Path=/; SameSite=Lax; Secure");
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
  EXPECT_NE(options.body.find(R"("actions":{"POST":{"email":{"type":"string","required":true,"read_only":false,"label":"Email"})"),
            std::string::npos) << options.body;
}

}  // namespace
}  // namespace restjwt
