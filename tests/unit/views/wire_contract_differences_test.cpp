// docs/wire-contract.md §15, one test per deliberate difference from drf-jwt 1.11, named by its
// number. They run at library level (unit_views) and through the real server (unit_views_http).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "restjwt/base64url.hpp"
#include "restjwt/jws.hpp"
#include "support/app_fixture.hpp"

namespace restjwt {
namespace {

using testing::AppFixture;
using testing::kNow;

Key secret_key() { return Key::hmac_secret(Algorithm::kHS256, testing::kSecret).value(); }

// A token over exactly these header and payload bytes, signed with the fixture's secret.
std::string raw_token(const std::string& header, const std::string& payload) {
  const auto input = base64url_encode(header) + "." + base64url_encode(payload);
  return input + "." + base64url_encode(sign_jws(secret_key(), input).value());
}

std::string token_with(const std::string& claims) {
  return raw_token(R"({"typ":"JWT","alg":"HS256"})",
                   R"({"user_id":1,"username":"alice")" + claims + "}");
}

std::string exp_claim() { return R"(,"exp":)" + std::to_string(kNow + 300); }

std::string errors(const std::string& message) {
  return R"({"non_field_errors":[")" + message + R"("]})";
}

struct WireContractDifferences : ::testing::Test {
  std::unique_ptr<AppFixture> f;
  void SetUp() override { make({}); }
  void make(ApplicationOptions options) {
    f = std::make_unique<AppFixture>(std::move(options));
    f->add_user("alice", "pw", true, "alice@example.com");
  }
  std::string verify(const std::string& token) const {
    return f->post("/api-token-verify/", R"({"token":")" + token + R"("})").body;
  }
  std::string refresh(const std::string& token) const {
    return f->post("/api-token-refresh/", R"({"token":")" + token + R"("})").body;
  }
};

// §15.1: drf-jwt answered 500 to these; restjwt answers the client's mistake.
TEST_F(WireContractDifferences, D01_NeverA500ForClientInput) {
  const auto none = raw_token(R"({"typ":"JWT","alg":"none"})",
                              R"({"user_id":1,"username":"alice")" + exp_claim() + "}");
  const auto response = f->post("/api-token-verify/", R"({"token":")" + none + R"("})");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body, errors("Invalid token."));
  EXPECT_EQ(verify(token_with(R"(,"exp":null)")), errors("Error decoding signature."));
  EXPECT_EQ(verify(token_with(exp_claim() + R"(,"iat":[1])")), errors("Invalid token."));
  EXPECT_EQ(refresh(token_with(exp_claim() + R"(,"orig_iat":"soon")")), errors("Invalid token."));
}

// §15.2: one token, one spelling: padding or junk after a segment is not ignored.
TEST_F(WireContractDifferences, D02_StrictTokenSyntax) {
  const auto token = token_with(exp_claim());
  ASSERT_EQ(verify(token), R"({"token":")" + token + R"("})");
  EXPECT_EQ(verify(token + "="), errors("Error decoding signature."));
  EXPECT_EQ(verify(token + "=="), errors("Error decoding signature."));
  const auto dot = token.find('.');
  EXPECT_EQ(verify(token.substr(0, dot) + "=" + token.substr(dot)),
            errors("Error decoding signature."));
}

// §15.3: exp must be a number and is required while expiry is verified.
TEST_F(WireContractDifferences, D03_ExpIsRequiredAndNumeric) {
  EXPECT_EQ(verify(token_with("")), errors("Invalid token."));
  EXPECT_EQ(verify(token_with(R"(,"exp":")" + std::to_string(kNow + 300) + R"(")")),
            errors("Error decoding signature."));
  EXPECT_EQ(verify(token_with(R"(,"exp":true)")), errors("Error decoding signature."));
}

// §15.4: a token whose meaning depends on the parser is refused.
TEST_F(WireContractDifferences, D04_DuplicateKeysAndCritAreRefused) {
  EXPECT_EQ(verify(token_with(exp_claim() + R"(,"username":"mallory")")),
            errors("Error decoding signature."));
  EXPECT_EQ(verify(raw_token(R"({"typ":"JWT","alg":"HS256","crit":["exp"]})",
                             R"({"user_id":1,"username":"alice")" + exp_claim() + "}")),
            errors("Error decoding signature."));
}

// §15.5: with a per-user secret, the secret of user_id must also be the user named.
TEST_F(WireContractDifferences, D05_PerUserSecretUserIdAndUsernameNameTheSameUser) {
  testing::TempDir dir;
  const auto path = dir.file("users.sqlite3");
  const UserTableSchema schema = testing::make_users_with_secret_column(path);
  ApplicationOptions options;
  options.hooks.user_secret = [](const User& user) { return user.jwt_secret; };
  AppFixture users(options, schema, path);
  users.add_user("alice", "pw");
  users.add_user("bob", "pw");
  const std::string bob_secret = "bob-secret-bob-secret-bob-secret-bob";
  ASSERT_TRUE(users.store->set_jwt_secret("bob", bob_secret).value());
  Claims payload = Claims::object();
  payload["user_id"] = 2;         // bob's secret signs...
  payload["username"] = "alice";  // ...a token naming alice
  payload["exp"] = kNow + 300;
  const auto forged =
      encode_jwt(Key::hmac_secret(Algorithm::kHS256, bob_secret).value(), payload).value();
  EXPECT_EQ(users.post("/api-token-verify/", R"({"token":")" + forged + R"("})").body,
            errors("Error decoding signature."));
}

// §15.6: JWT_VERIFY = false would accept forged and unsigned tokens.
TEST_F(WireContractDifferences, D06_JwtVerifyFalseIsRefused) {
  ApplicationOptions options;
  options.settings.secret_key = testing::kSecret;
  options.settings.verify = false;
  const auto created = Application::create(std::move(options), *f->store, *f->hashers);
  ASSERT_FALSE(created.has_value());
  EXPECT_NE(created.error().find("JWT_VERIFY = false is refused"), std::string::npos);
}

// §15.7: no built-in secret, and no HMAC secret under 32 bytes.
TEST_F(WireContractDifferences, D07_NoDefaultSecretAndNoShortOne) {
  for (const std::string& secret : {std::string(), std::string(31, 's')}) {
    ApplicationOptions options;
    options.settings.secret_key = secret;
    EXPECT_FALSE(Application::create(std::move(options), *f->store, *f->hashers).has_value())
        << secret.size();
  }
}

// §15.8: Django's own login form does not trim passwords; drf-jwt's serializer did.
TEST_F(WireContractDifferences, D08_PasswordsAreNotTrimmed) {
  EXPECT_EQ(f->post("/api-token-auth/", R"({"username":" alice ","password":"pw"})").status, 200);
  EXPECT_EQ(f->post("/api-token-auth/", R"({"username":"alice","password":" pw "})").body,
            errors("Unable to log in with provided credentials."));
}

// §15.9: the cookie also gets Secure and SameSite=Lax.
TEST_F(WireContractDifferences, D09_TheCookieIsSecureAndSameSiteLax) {
  ApplicationOptions options;
  options.settings.auth_cookie = "jwt";
  make(options);
  const auto response = f->post("/api-token-auth/", R"({"username":"alice","password":"pw"})");
  ASSERT_EQ(response.status, 200);
  const std::string cookie(response.header("Set-Cookie"));
  EXPECT_TRUE(cookie.ends_with("; HttpOnly; Max-Age=300; Path=/; SameSite=Lax; Secure")) << cookie;
}

// §15.10: answers that carry a token are never cached.
TEST_F(WireContractDifferences, D10_NoStoreOnEveryAnswerThatCarriesAToken) {
  ApplicationOptions options;
  options.settings.allow_refresh = true;
  make(options);
  const auto token = f->obtain("alice", "pw");
  for (const auto& [route, body] :
       {std::pair<std::string, std::string>{"/api-token-auth/",
                                            R"({"username":"alice","password":"pw"})"},
        {"/api-token-verify/", R"({"token":")" + token + R"("})"},
        {"/api-token-refresh/", R"({"token":")" + token + R"("})"}}) {
    const auto response = f->post(route, body);
    EXPECT_EQ(response.status, 200) << route;
    EXPECT_EQ(response.header("Cache-Control"), "no-store") << route;
  }
}

// §15.11: no browsable HTML API, and JSON 404s.
TEST_F(WireContractDifferences, D11_JsonForHtmlAndForNotFound) {
  const auto html = f->send("POST", "/api-token-verify/", {{"Accept", "text/html"}});
  EXPECT_EQ(html.header("Content-Type"), "application/json");
  EXPECT_EQ(html.body, R"({"token":["This field is required."]})");
  const auto missing = f->send("GET", "/admin/", {{"Accept", "text/html"}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.header("Content-Type"), "application/json");
  EXPECT_EQ(missing.body, R"({"detail":"Not found."})");
}

// §15.12: an orig_iat beyond the leeway cannot stretch the refresh window.
TEST_F(WireContractDifferences, D12_AFutureOrigIatIsInvalidOnRefresh) {
  EXPECT_EQ(refresh(token_with(exp_claim() + R"(,"orig_iat":)" + std::to_string(kNow + 10))),
            errors("Invalid token."));
  const auto fine = refresh(token_with(exp_claim() + R"(,"orig_iat":)" + std::to_string(kNow)));
  EXPECT_TRUE(fine.starts_with(R"({"token":")")) << fine;
}

// §15.13, login CSRF: with JWT_AUTH_COOKIE, a page of another site that posts to obtain
// (the attacker's credentials in a hidden form) would make the victim's browser store the
// attacker's token. drf-jwt answered it; restjwt refuses it as Django's CSRF check would.
TEST_F(WireContractDifferences, D13_NoTokenCookieForAPageOfAnotherSite) {
  ApplicationOptions options;
  options.settings.auth_cookie = "jwt";
  options.settings.allow_refresh = true;
  options.csrf_trusted_origins = {"https://app.example.com"};
  options.cors.allowed_origins = {"https://spa.example.com"};
  options.cors.allowed_origin_regexes = {R"(https://\w+\.pages\.example\.com)"};
  make(options);
  const std::string login = R"({"username":"alice","password":"pw"})";
  const auto post = [&](const std::string& route, const std::string& body, HeaderList headers) {
    return f->post(route, body, "application/json", std::move(headers));
  };
  const auto forged = post("/api-token-auth/", login, {{"Origin", "https://evil.example"}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(forged.body,
            R"({"detail":"CSRF Failed: Origin checking failed - https://evil.example does not )"
            R"(match any trusted origins."})");
  EXPECT_EQ(forged.header("Set-Cookie"), "");
  EXPECT_EQ(forged.header("Allow"), "POST, OPTIONS");
  const auto by_referer =
      post("/api-token-auth/", login, {{"Referer", "https://evil.example/login.html"}});
  EXPECT_EQ(by_referer.status, 403);
  EXPECT_EQ(by_referer.body,
            R"({"detail":"CSRF Failed: Referer checking failed - https://evil.example/login.html )"
            R"(does not match any trusted origins."})");
  EXPECT_EQ(post("/api-token-auth/", login, {{"Origin", "null"}}).status, 403);
  // Trusted: no Origin and no Referer (not a page), the request's own host, [csrf]
  // trusted_origins, the CORS allowed origins (exact or by regex).
#ifdef RESTJWT_TEST_OVER_HTTP
  const HeaderList own_host{{"Origin", "http://127.0.0.1"}};  // the fixture's client sends Host
#else
  const HeaderList own_host{{"Host", "127.0.0.1"}, {"Origin", "http://127.0.0.1"}};
#endif
  for (const HeaderList& trusted :
       {HeaderList{}, own_host, HeaderList{{"Origin", "https://app.example.com"}},
        HeaderList{{"Referer", "https://app.example.com/a?b"}},
        HeaderList{{"Origin", "https://spa.example.com"}},
        HeaderList{{"Origin", "https://blue.pages.example.com"}}}) {
    const auto response = post("/api-token-auth/", login, trusted);
    EXPECT_EQ(response.status, 200) << (trusted.empty() ? "" : trusted.back().second);
    EXPECT_NE(response.header("Set-Cookie"), "");
  }
  EXPECT_EQ(
      post("/api-token-auth/", login, {{"Origin", "https://blue.pages.example.com.evil"}}).status,
      403);
  // Verify and refresh set the cookie too.
  const auto token = f->obtain("alice", "pw");
  for (const char* route : {"/api-token-verify/", "/api-token-refresh/"}) {
    const auto refused =
        post(route, R"({"token":")" + token + R"("})", {{"Origin", "https://evil.example"}});
    EXPECT_EQ(refused.status, 403) << route;
    EXPECT_EQ(refused.header("Set-Cookie"), "") << route;
  }
  // Without the cookie, nothing changes: a header-mode client of any page gets its token.
  make({});
  EXPECT_EQ(post("/api-token-auth/", login, {{"Origin", "https://evil.example"}}).status, 200);
}

}  // namespace
}  // namespace restjwt
