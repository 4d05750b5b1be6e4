// Wire contract §5–§7, §9, §10, §11: verify, refresh and the protected route, over real tokens.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "restjwt/base64url.hpp"
#include "support/app_fixture.hpp"

namespace restjwt {
namespace {

using testing::AppFixture;
using testing::kNow;

std::string sign(const Claims& payload, const std::string& secret = testing::kSecret) {
  return encode_jwt(Key::hmac_secret(Algorithm::kHS256, secret).value(), payload).value();
}

Claims payload_for(const std::string& username, std::int64_t exp = kNow + 300) {
  Claims p = Claims::object();
  p["user_id"] = 1;
  p["username"] = username;
  p["exp"] = exp;
  return p;
}

std::string token_body(const std::string& token) { return R"({"token":")" + token + R"("})"; }
std::string error_body(const std::string& message) {
  return R"({"non_field_errors":[")" + message + R"("]})";
}

struct Fixture : AppFixture {
  explicit Fixture(ApplicationOptions options = {}) : AppFixture(std::move(options)) {
    add_user("alice", "pw", true, "alice@example.com");
    add_user("dave", "pw", /*active=*/false);
  }
};

TEST(VerifyView, EchoesTheTrimmedTokenWithNoStore) {
  Fixture f;
  const auto token = f.obtain("alice", "pw");
  const auto response = f.post("/api-token-verify/", R"({"token":"  )" + token + R"( "})");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, token_body(token));
  EXPECT_EQ(response.header("Cache-Control"), "no-store");
}

struct RejectCase {
  std::string name;
  std::string token;
  std::string message;
};

class VerifyRejects : public ::testing::TestWithParam<RejectCase> {};

TEST_P(VerifyRejects, WithTheContractMessage) {
  Fixture f;
  for (const auto* route : {"/api-token-verify/", "/api-token-refresh/"}) {
    const auto response = f.post(route, token_body(GetParam().token));
    EXPECT_EQ(response.status, 400) << route;
    EXPECT_EQ(response.body, error_body(GetParam().message)) << route;
  }
}

Claims without(Claims p, const std::string& key) {
  p.erase(key);
  return p;
}

Claims with(Claims p, const std::string& key, Claims value) {
  p[key] = std::move(value);
  return p;
}

INSTANTIATE_TEST_SUITE_P(
    Tokens, VerifyRejects,
    ::testing::Values(
        RejectCase{"Expired", sign(payload_for("alice", kNow - 1)), "Signature has expired."},
        RejectCase{"Garbage", "abc", "Error decoding signature."},
        RejectCase{"WrongSecret", sign(payload_for("alice"), "another-secret-another-secret-00000"),
                   "Error decoding signature."},
        RejectCase{"AlgNone",
                   base64url_encode(R"({"typ":"JWT","alg":"none"})") + "." +
                       base64url_encode(R"({"username":"alice","exp":9999999999})") + ".",
                   "Invalid token."},
        RejectCase{"MissingExp", sign(without(payload_for("alice"), "exp")), "Invalid token."},
        RejectCase{"StringExp", sign(with(payload_for("alice"), "exp", "9999999999")),
                   "Error decoding signature."},
        RejectCase{"NullExp", sign(with(payload_for("alice"), "exp", nullptr)),
                   "Error decoding signature."},
        RejectCase{"UnknownUser", sign(payload_for("nobody")), "User doesn't exist."},
        RejectCase{"NumericUsername", sign(with(payload_for("alice"), "username", 5)),
                   "User doesn't exist."},
        RejectCase{"Disabled", sign(payload_for("dave")), "User account is disabled."},
        RejectCase{"MissingUsername", sign(without(payload_for("alice"), "username")),
                   "Invalid payload."},
        RejectCase{"EmptyUsername", sign(with(payload_for("alice"), "username", "")),
                   "Invalid payload."},
        RejectCase{"NullUsername", sign(with(payload_for("alice"), "username", nullptr)),
                   "Invalid payload."},
        RejectCase{"UnexpectedAudience", sign(with(payload_for("alice"), "aud", "x")),
                   "Invalid token."}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(VerifyView, FieldRulesApplyToToken) {
  Fixture f;
  EXPECT_EQ(f.post("/api-token-verify/", "{}").body, R"({"token":["This field is required."]})");
  EXPECT_EQ(f.post("/api-token-verify/", R"({"token":" "})").body,
            R"({"token":["This field may not be blank."]})");
  EXPECT_EQ(f.post("/api-token-verify/", R"({"token":12})").body,
            error_body("Error decoding signature."));
}

TEST(VerifyView, SetsTheCookieWhenConfigured) {
  ApplicationOptions options;
  options.settings.auth_cookie = "jwt";
  Fixture f(options);
  const auto token = f.obtain("alice", "pw");
  EXPECT_TRUE(f.post("/api-token-verify/", token_body(token))
                  .header("Set-Cookie")
                  .starts_with("jwt=" + token + "; "));
  EXPECT_EQ(f.post("/api-token-verify/", token_body("x")).header("Set-Cookie"), "");
}

TEST(RefreshView, WithoutAllowRefreshTokensLackOrigIat) {
  Fixture f;
  const auto token = f.obtain("alice", "pw");
  EXPECT_EQ(f.post("/api-token-refresh/", token_body(token)).body,
            error_body("orig_iat field is required."));
}

TEST(RefreshView, IssuesANewTokenFromTheCurrentUserKeepingOrigIat) {
  ApplicationOptions options;
  options.settings.allow_refresh = true;
  Fixture f(options);
  const auto token = f.obtain("alice", "pw");
  f.now += 100;
  const auto response = f.post("/api-token-refresh/", token_body(token));
  ASSERT_EQ(response.status, 200) << response.body;
  const auto fresh = nlohmann::json::parse(response.body)["token"].get<std::string>();
  const auto first = fresh.find('.');
  EXPECT_EQ(base64url_decode(fresh.substr(first + 1, fresh.rfind('.') - first - 1)).value(),
            R"({"user_id":1,"username":"alice","exp":)" + std::to_string(kNow + 400) +
                R"(,"email":"alice@example.com","orig_iat":)" + std::to_string(kNow) + "}");
}

TEST(RefreshView, OrigIatIsAppendedWhenAllowRefreshIsOff) {
  Fixture f;
  const auto response =
      f.post("/api-token-refresh/", token_body(sign(with(payload_for("alice"), "orig_iat", kNow))));
  ASSERT_EQ(response.status, 200) << response.body;
  const auto fresh = nlohmann::json::parse(response.body)["token"].get<std::string>();
  const auto first = fresh.find('.');
  EXPECT_EQ(base64url_decode(fresh.substr(first + 1, fresh.rfind('.') - first - 1)).value(),
            R"({"user_id":1,"username":"alice","exp":)" + std::to_string(kNow + 300) +
                R"(,"email":"alice@example.com","orig_iat":)" + std::to_string(kNow) + "}");
}

TEST(RefreshView, OrigIatRules) {
  Fixture f;
  const auto refresh = [&](Claims orig_iat) {
    return f
        .post("/api-token-refresh/",
              token_body(sign(with(payload_for("alice"), "orig_iat", std::move(orig_iat)))))
        .body;
  };
  for (const Claims& falsy :
       {Claims(0), Claims(nullptr), Claims(""), Claims(false), Claims::array(), Claims(0.0)}) {
    EXPECT_EQ(refresh(falsy), error_body("orig_iat field is required.")) << falsy.dump();
  }
  EXPECT_EQ(refresh("123"), error_body("Invalid token."));  // §15.1
  EXPECT_EQ(refresh(true), error_body("Invalid token."));
  EXPECT_EQ(refresh(kNow + 10), error_body("Invalid token."));  // §15.12
  EXPECT_EQ(refresh(kNow - 7 * 86400 - 1), error_body("Refresh has expired."));
  EXPECT_NE(refresh(kNow - 7 * 86400), error_body("Refresh has expired."));
}

HeaderList auth(const std::string& value) { return {{"Authorization", value}}; }

TEST(UserRoute, AnonymousAndBadHeadersAre401WithChallenge) {
  Fixture f;
  const auto anonymous = f.send("GET", "/api/user/");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.body, R"({"detail":"Authentication credentials were not provided."})");
  EXPECT_EQ(anonymous.header("WWW-Authenticate"), R"(JWT realm="api")");
  EXPECT_EQ(anonymous.header("Allow"), "GET, POST, HEAD, OPTIONS");
  EXPECT_EQ(f.send("GET", "/api/user/", auth("Bearer abc")).body, anonymous.body);
  EXPECT_EQ(f.send("GET", "/api/user/", auth("   ")).body, anonymous.body);
  EXPECT_EQ(f.send("GET", "/api/user/", auth("jwt")).body,
            R"({"detail":"Invalid Authorization header. No credentials provided."})");
  EXPECT_EQ(
      f.send("GET", "/api/user/", auth("JWT a b")).body,
      R"({"detail":"Invalid Authorization header. Credentials string should not contain spaces."})");
  EXPECT_EQ(f.send("GET", "/api/user/", auth("JWT abc")).body,
            R"({"detail":"Error decoding signature."})");
  EXPECT_EQ(f.send("GET", "/api/user/", auth("JWT " + sign(payload_for("nobody")))).body,
            R"({"detail":"Invalid signature."})");
  EXPECT_EQ(f.send("GET", "/api/user/", auth("JWT " + sign(payload_for("dave")))).body,
            R"({"detail":"User account is disabled."})");
  EXPECT_EQ(
      f.send("GET", "/api/user/", auth("JWT " + sign(without(payload_for("alice"), "exp")))).body,
      R"({"detail":"Incorrect authentication credentials."})");
  EXPECT_EQ(f.send("GET", "/api/user/", auth("JWT " + sign(payload_for("alice", kNow - 1)))).body,
            R"({"detail":"Signature has expired."})");
}

TEST(UserRoute, AuthenticatedUserWithProxyHeaders) {
  Fixture f;
  const auto token = f.obtain("alice", "pw");
  for (const auto* method : {"GET", "POST"}) {
    const auto response = f.send(method, "/api/user/", auth("JWT\t" + token + " "));
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, R"({"user_id":1,"username":"alice","email":"alice@example.com"})");
    EXPECT_EQ(response.header("X-Auth-User-Id"), "1");
    EXPECT_EQ(response.header("X-Auth-Username"), "alice");
  }
  const auto head = f.send("HEAD", "/api/user/", auth("JWT " + token));
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(f.send("PUT", "/api/user/").status, 401);  // authentication before method dispatch
  const auto put = f.send("PUT", "/api/user/", auth("JWT " + token));
  EXPECT_EQ(put.status, 405);
  EXPECT_EQ(put.body, R"({"detail":"Method \"PUT\" not allowed."})");
  const auto options = f.send("OPTIONS", "/api/user/", auth("JWT " + token));
  EXPECT_EQ(options.status, 200);
  EXPECT_TRUE(options.body.starts_with(R"({"name":"User","description":)")) << options.body;
  EXPECT_EQ(options.body.find("actions"), std::string::npos);
}

TEST(UserRoute, SeveralHeaderPrefixesAreAcceptedAndTheFirstNamesTheChallenge) {
  ApplicationOptions options;
  options.settings.auth_header_prefixes = {"Bearer", "JWT"};
  Fixture f(options);
  const auto token = f.obtain("alice", "pw");
  EXPECT_EQ(f.send("GET", "/api/user/", auth("Bearer " + token)).status, 200);
  EXPECT_EQ(f.send("GET", "/api/user/", auth("jwt " + token)).status, 200);
  const auto other = f.send("GET", "/api/user/", auth("Token " + token));
  EXPECT_EQ(other.status, 401);
  EXPECT_EQ(other.body, R"({"detail":"Authentication credentials were not provided."})");
  EXPECT_EQ(other.header("WWW-Authenticate"), R"(Bearer realm="api")");
  EXPECT_EQ(f.send("GET", "/api/user/", auth("JWT")).body,
            R"({"detail":"Invalid Authorization header. No credentials provided."})");
}

TEST(UserRoute, AnApplicationWithoutAHeaderPrefixIsRefused) {
  ApplicationOptions options;
  options.settings.auth_header_prefixes.clear();
  EXPECT_THROW(Fixture{options}, std::runtime_error);
}

TEST(UserRoute, CookieIsTheFallbackOnlyWithoutAHeader) {
  ApplicationOptions options;
  options.settings.auth_cookie = "jwt-token";
  Fixture f(options);
  const auto token = f.obtain("alice", "pw");
  EXPECT_EQ(f.send("GET", "/api/user/", {{"Cookie", "a=b; jwt-token=" + token}}).status, 200);
  EXPECT_EQ(f.send("GET", "/api/user/", {{"Cookie", "jwt-token="}}).body,
            R"({"detail":"Error decoding signature."})");
  // Another scheme in the header: anonymous, the cookie is not read.
  EXPECT_EQ(f.send("GET", "/api/user/",
                   {{"Authorization", "Basic eDp5"}, {"Cookie", "jwt-token=" + token}})
                .status,
            401);
}

TEST(Routing, RedirectsNotFoundMethodsAndNegotiation) {
  Fixture f;
  const auto redirect = f.send("POST", "/api-token-auth?next=1");
  EXPECT_EQ(redirect.status, 301);
  EXPECT_EQ(redirect.header("Location"), "/api-token-auth/?next=1");
  const auto missing = f.send("GET", "/nope/");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, R"({"detail":"Not found."})");
  const auto get = f.send("GET", "/api-token-auth/");
  EXPECT_EQ(get.status, 405);
  EXPECT_EQ(get.body, R"({"detail":"Method \"GET\" not allowed."})");
  EXPECT_EQ(get.header("Allow"), "POST, OPTIONS");
  const auto head = f.send("HEAD", "/api-token-verify/");
  EXPECT_EQ(head.status, 405);
  EXPECT_EQ(head.body, "");
  const auto xml = f.send("GET", "/api-token-auth/", {{"Accept", "application/xml"}});
  EXPECT_EQ(xml.status, 406);  // before the method check
  EXPECT_EQ(xml.body, R"({"detail":"Could not satisfy the request Accept header."})");
  for (const auto* accept : {"*/*", "application/*", "application/json", "text/html",
                             "text/html, application/xhtml+xml"}) {
    EXPECT_EQ(f.send("POST", "/api-token-verify/", {{"Accept", accept}}).status, 400) << accept;
  }
  EXPECT_EQ(
      f.send("OPTIONS", "/api-token-verify/").body,
      R"({"name":"Verify Json Web Token","description":"API View that checks the veracity of a token, returning the token if it\nis valid.","renders":["application/json","text/html"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"],"actions":{"POST":{"token":{"type":"string","required":true,"read_only":false,"label":"Token"}}}})");
  EXPECT_EQ(
      f.send("OPTIONS", "/api-token-auth/").body,
      R"({"name":"Obtain Json Web Token","description":"API View that receives a POST with a user's username and password.\n\nReturns a JSON Web Token that can be used for authenticated requests.","renders":["application/json","text/html"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"],"actions":{"POST":{"username":{"type":"string","required":true,"read_only":false,"label":"Username"},"password":{"type":"string","required":true,"read_only":false,"label":"Password"}}}})");
}

TEST(RequestCost, TokenChecksRunInlineOverLocalReadsAndLoginsHashOffTheIoThreads) {
  Fixture f;
  // SQLite in WAL mode reads locally; a network database (PostgreSQL) goes through a pool.
  const RequestCost user_read =
      f.store->reads_are_local() ? RequestCost::kInline : RequestCost::kDatabase;
  if (dynamic_cast<SqliteUserStore*>(f.store.get()) != nullptr) {
    EXPECT_EQ(user_read, RequestCost::kInline);
  }
  const auto cost = [&](const char* method, const char* target) {
    HttpRequest request;
    request.method = method;
    request.target = target;
    return f.app->route(request).cost;
  };
  EXPECT_EQ(cost("POST", "/api-token-verify/"), user_read);
  EXPECT_EQ(cost("POST", "/api-token-refresh/"), user_read);
  EXPECT_EQ(cost("GET", "/api/user/"), user_read);
  EXPECT_EQ(cost("POST", "/api-token-auth/"), RequestCost::kPasswordHash);
  EXPECT_EQ(cost("OPTIONS", "/api-token-auth/"), RequestCost::kInline);
  EXPECT_EQ(cost("GET", "/api-token-verify/"), RequestCost::kInline);
  EXPECT_EQ(cost("GET", "/nowhere/"), RequestCost::kInline);
  // Refused while routing, before any work: no user read.
  HttpRequest xml;
  xml.method = "GET";
  xml.target = "/api/user/";
  xml.headers = {{"Accept", "application/xml"}};
  EXPECT_EQ(f.app->route(xml).outcome, Route::Outcome::kNotAcceptable);
  EXPECT_EQ(f.app->route(xml).cost, RequestCost::kInline);
}

}  // namespace
}  // namespace restjwt
