// Revocation and logout (docs/sessions.md): JWT_TOKEN_ID's claims, the revoke route, and verify,
// refresh and the protected route refusing revoked tokens and tokens issued before a user's
// cut-off — on SQLite, PostgreSQL and over HTTP (AppFixture).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "restjwt/base64url.hpp"
#include "restjwt/revocation_store.hpp"
#include "support/app_fixture.hpp"

namespace restjwt {
namespace {

using testing::AppFixture;
using testing::kNow;

constexpr const char* kRevoke = "/api-token-revoke/";
constexpr const char* kBlacklisted = "Token is blacklisted.";

Claims claims_of(const std::string& token) {
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  const auto json = base64url_decode(token.substr(first + 1, second - first - 1));
  return Claims::parse(json.value());
}

std::vector<std::string> claim_names(const Claims& claims) {
  std::vector<std::string> names;
  for (const auto& item : claims.items()) names.push_back(item.key());
  return names;
}

std::string sign(const Claims& payload) {
  return encode_jwt(Key::hmac_secret(Algorithm::kHS256, testing::kSecret).value(), payload).value();
}

std::string token_body(const std::string& token) { return R"({"token":")" + token + R"("})"; }
std::string error_body(const std::string& message) {
  return R"({"non_field_errors":[")" + message + R"("]})";
}
std::string detail_body(const std::string& message) { return R"({"detail":")" + message + R"("})"; }

ApplicationOptions revocation_options(TokenId token_id, bool allow_refresh,
                                      RevocationStore* store) {
  ApplicationOptions options;
  options.settings.token_id = token_id;
  options.settings.allow_refresh = allow_refresh;
  options.revocation_store = store;
  options.revocation_poll_interval = std::chrono::seconds(5);
  return options;
}

// The revocation store outlives the Application (a base constructed first).
struct RevocationPlace {
  std::unique_ptr<RevocationStore> revocations = make_memory_revocation_store();
};

struct Fixture : RevocationPlace, AppFixture {
  explicit Fixture(TokenId token_id = TokenId::kInclude, bool allow_refresh = true)
      : AppFixture(revocation_options(token_id, allow_refresh, revocations.get())) {
    add_user("alice", "pw", true, "alice@example.com");
    add_user("bob", "pw");
  }

  HttpResponse verify(const std::string& token) const {
    return post("/api-token-verify/", token_body(token));
  }
  HttpResponse refresh(const std::string& token) const {
    return post("/api-token-refresh/", token_body(token));
  }
  HttpResponse revoke(const std::string& token) const { return post(kRevoke, token_body(token)); }
  HttpResponse user_route(const std::string& token) const {
    return send("GET", "/api/user/", {{"Authorization", "JWT " + token}});
  }
  std::string refreshed(const std::string& token) const {
    const auto response = refresh(token);
    EXPECT_EQ(response.status, 200) << response.body;
    return Claims::parse(response.body).value("token", "");
  }

  // Refused everywhere a token is checked, with the revocation's words.
  void expect_refused(const std::string& token) const {
    const auto verified = verify(token);
    EXPECT_EQ(verified.status, 400);
    EXPECT_EQ(verified.body, error_body(kBlacklisted));
    const auto refreshed = refresh(token);
    EXPECT_EQ(refreshed.status, 400);
    EXPECT_EQ(refreshed.body, error_body(kBlacklisted));
    const auto user = user_route(token);
    EXPECT_EQ(user.status, 401);
    EXPECT_EQ(user.body, detail_body(kBlacklisted));
  }
};

TEST(TokenId, IncludeAddsIatAndJtiAfterDrfJwtsClaims) {
  Fixture f(TokenId::kInclude, /*allow_refresh=*/false);
  const Claims claims = claims_of(f.obtain("alice", "pw"));
  EXPECT_EQ(claim_names(claims),
            (std::vector<std::string>{"user_id", "username", "exp", "email", "iat", "jti"}));
  EXPECT_EQ(claims["iat"], kNow);
  const std::string jti = claims["jti"];
  EXPECT_EQ(jti.size(), 36U);
  EXPECT_EQ(jti[14], '4');  // a version-4 UUID
  EXPECT_NE(claims_of(f.obtain("alice", "pw"))["jti"], claims["jti"]);
}

TEST(TokenId, WithRefreshTheIssueTimeIsOrigIatAndARefreshCarriesTheChainsFirstJti) {
  Fixture f;
  const auto first = f.obtain("alice", "pw");
  const Claims claims = claims_of(first);
  EXPECT_EQ(claim_names(claims),
            (std::vector<std::string>{"user_id", "username", "exp", "email", "orig_iat", "jti"}));
  f.now += 10;
  const auto second = f.refreshed(first);
  f.now += 10;
  const auto third = f.refreshed(second);
  const Claims last = claims_of(third);
  EXPECT_EQ(claim_names(last), (std::vector<std::string>{"user_id", "username", "exp", "email",
                                                         "orig_iat", "jti", "orig_jti"}));
  EXPECT_EQ(last["orig_iat"], kNow);
  EXPECT_EQ(last["orig_jti"], claims["jti"]);
  EXPECT_NE(last["jti"], claims["jti"]);
}

TEST(TokenId, OffKeepsDrfJwtsTokensAndServesNoRevokeRoute) {
  RevocationPlace place;
  AppFixture f(revocation_options(TokenId::kOff, true, place.revocations.get()));
  f.add_user("alice", "pw");
  const Claims claims = claims_of(f.obtain("alice", "pw"));
  EXPECT_EQ(claim_names(claims),
            (std::vector<std::string>{"user_id", "username", "exp", "email", "orig_iat"}));
  EXPECT_EQ(f.post(kRevoke, token_body("x")).status, 404);
}

TEST(TokenId, RequireRefusesATokenWithoutAJti) {
  Fixture f(TokenId::kRequire);
  Claims payload = Claims::object();
  payload["user_id"] = 1;
  payload["username"] = "alice";
  payload["exp"] = kNow + 300;
  const auto legacy = sign(payload);
  EXPECT_EQ(f.verify(legacy).body, error_body("Invalid token."));
  const auto user = f.user_route(legacy);
  EXPECT_EQ(user.status, 401);
  EXPECT_EQ(user.body, detail_body("Incorrect authentication credentials."));
  payload["jti"] = "8a4c0c3e-0000-4000-8000-000000000000";
  EXPECT_EQ(f.verify(sign(payload)).status, 200);
  EXPECT_EQ(f.verify(f.obtain("alice", "pw")).status, 200);
}

TEST(Revoke, LogsTheTokenOutOfVerifyRefreshAndProtectedRoutes) {
  Fixture f;
  const auto token = f.obtain("alice", "pw");
  const auto other = f.obtain("alice", "pw");
  ASSERT_EQ(f.user_route(token).status, 200);
  const auto revoked = f.revoke(token);
  EXPECT_EQ(revoked.status, 200);
  EXPECT_EQ(revoked.body, "{}");
  EXPECT_EQ(revoked.header("Cache-Control"), "no-store");
  f.expect_refused(token);
  // Another login of the same user is another session.
  EXPECT_EQ(f.user_route(other).status, 200);
  EXPECT_EQ(f.verify(f.obtain("alice", "pw")).status, 200);
}

TEST(Revoke, ATokenOfARefreshChainRevokesTheWholeChain) {
  Fixture f;
  const auto first = f.obtain("alice", "pw");
  f.now += 10;
  const auto second = f.refreshed(first);
  f.now += 10;
  const auto third = f.refreshed(second);
  ASSERT_EQ(f.revoke(second).status, 200);
  f.expect_refused(first);
  f.expect_refused(second);
  f.expect_refused(third);
}

TEST(Revoke, TheFirstTokenOfAChainRevokesItsRefreshes) {
  Fixture f;
  const auto first = f.obtain("alice", "pw");
  f.now += 10;
  const auto second = f.refreshed(first);
  ASSERT_EQ(f.revoke(first).status, 200);
  f.expect_refused(second);
}

TEST(Revoke, AnAlreadyRevokedOrExpiredTokenIsLoggedOutAgainWithoutComplaint) {
  Fixture f;
  const auto token = f.obtain("alice", "pw");
  EXPECT_EQ(f.revoke(token).status, 200);
  EXPECT_EQ(f.revoke(token).status, 200);
  const auto old = f.obtain("bob", "pw");
  f.now += 301;
  const auto expired = f.revoke(old);
  EXPECT_EQ(expired.status, 200);
  EXPECT_EQ(expired.body, "{}");
}

TEST(Revoke, ATokenThatIsNotGoodIsRefusedAsVerifyRefusesIt) {
  Fixture f;
  EXPECT_EQ(f.revoke("not.a.token").body, error_body("Error decoding signature."));
  Claims payload = Claims::object();
  payload["user_id"] = 1;
  payload["username"] = "alice";
  payload["exp"] = kNow + 300;
  // Signed, but without a jti: nothing to revoke it by.
  const auto legacy = f.revoke(sign(payload));
  EXPECT_EQ(legacy.status, 400);
  EXPECT_EQ(legacy.body, error_body("Invalid token."));
  const auto missing = f.post(kRevoke, "{}");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.body, R"({"token":["This field is required."]})");
  EXPECT_EQ(f.send("GET", kRevoke).status, 405);
}

TEST(Cutoff, RefusesTheUsersTokensIssuedBeforeItAndNoOneElses) {
  Fixture f;
  const auto alice = f.obtain("alice", "pw");
  const auto bob = f.obtain("bob", "pw");
  f.now += 5;
  const auto refreshed = f.refreshed(alice);  // the chain began before the cut-off
  f.now += 5;
  const Claims claims = claims_of(alice);
  ASSERT_TRUE(f.app->token_checker()->revocations()->set_cutoff(
      UserId(claims["user_id"].get<std::int64_t>()), f.now));
  f.expect_refused(alice);
  f.expect_refused(refreshed);
  EXPECT_EQ(f.user_route(bob).status, 200);
  // A login after the cut-off is a new session.
  const auto again = f.obtain("alice", "pw");
  EXPECT_EQ(f.user_route(again).status, 200);
  f.now += 5;
  EXPECT_EQ(f.refresh(again).status, 200);
}

TEST(Cutoff, WithoutRefreshTheIssueTimeIsIat) {
  Fixture f(TokenId::kInclude, /*allow_refresh=*/false);
  const auto before = f.obtain("alice", "pw");
  f.now += 1;
  ASSERT_TRUE(f.app->token_checker()->revocations()->set_cutoff(UserId(std::int64_t{1}), f.now));
  EXPECT_EQ(f.verify(before).body, error_body(kBlacklisted));
  EXPECT_EQ(f.verify(f.obtain("alice", "pw")).status, 200);
}

TEST(Revocations, AnotherNodeSeesALogoutWithinThePollInterval) {
  Fixture f;
  // A second node: its own Application over the same user table and revocation store.
  ApplicationOptions options = revocation_options(TokenId::kInclude, true, f.revocations.get());
  options.settings.secret_key = testing::kSecret;
  options.clock = [&f] { return f.now; };
  auto other = Application::create(std::move(options), *f.store, *f.hashers).value();
  const auto token = f.obtain("alice", "pw");
  HttpRequest verify;
  verify.method = "POST";
  verify.target = "/api-token-verify/";
  verify.headers.emplace_back("Content-Type", "application/json");
  verify.body = token_body(token);
  ASSERT_EQ(other->handle(verify).status, 200);
  ASSERT_EQ(f.revoke(token).status, 200);
  f.expect_refused(token);  // at once on the node that revoked it
  f.now += 5;               // one poll interval later on the other
  const auto polled = other->handle(verify);
  EXPECT_EQ(polled.status, 400);
  EXPECT_EQ(polled.body, error_body(kBlacklisted));
}

}  // namespace
}  // namespace restjwt
