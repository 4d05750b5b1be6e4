// [simplejwt]: djangorestframework-simplejwt 5.2's refresh-token pairs — its wire, claims and
// token_blacklist tables — and what restjwt adds: rotation that fails closed, and the revocation
// of a whole family when a rotated refresh token is reused (docs/sessions.md).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "restjwt/base64url.hpp"
#include "support/app_fixture.hpp"
#include "support/recording_events.hpp"

namespace restjwt {
namespace {

using testing::AppFixture;

constexpr const char* kLogin = R"({"username":"alice","password":"pw"})";
constexpr const char* kInvalidOrExpired =
    R"({"detail":"Token is invalid or expired","code":"token_not_valid"})";
constexpr const char* kBlacklisted =
    R"({"detail":"Token is blacklisted","code":"token_not_valid"})";

ApplicationOptions with_simplejwt(bool rotate = false, bool blacklist_after_rotation = false) {
  ApplicationOptions options;
  SimpleJwtOptions simplejwt;
  simplejwt.rotate_refresh_tokens = rotate;
  simplejwt.blacklist_after_rotation = blacklist_after_rotation;
  options.simplejwt = simplejwt;
  return options;
}

nlohmann::ordered_json part(const std::string& token, int index) {
  std::size_t start = 0;
  for (int i = 0; i < index; ++i) start = token.find('.', start) + 1;
  const std::size_t end = token.find('.', start);
  return nlohmann::ordered_json::parse(
      base64url_decode(token.substr(start, end == std::string::npos ? end : end - start)).value());
}

std::vector<std::string> keys_of(const nlohmann::ordered_json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

struct Pair {
  std::string refresh;
  std::string access;
};

Pair login(const AppFixture& f) {
  const auto response = f.post("/api/token/", kLogin);
  EXPECT_EQ(response.status, 200) << response.body;
  const auto body = nlohmann::json::parse(response.body);
  return {body.value("refresh", ""), body.value("access", "")};
}

std::string body_of(const std::string& field, const std::string& token) {
  return R"({")" + field + R"(":")" + token + R"("})";
}

TEST(SimpleJwt, OffByDefault) {
  AppFixture f;
  f.add_user("alice", "pw");
  EXPECT_EQ(f.post("/api/token/", kLogin).status, 404);
}

TEST(SimpleJwt, ObtainAnswersRefreshThenAccessWithSimplejwtsClaims) {
  AppFixture f(with_simplejwt());
  f.add_user("alice", "pw");
  const auto response = f.post("/api/token/", kLogin);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.header("Cache-Control"), "no-store");
  const auto body = nlohmann::ordered_json::parse(response.body);
  EXPECT_EQ(keys_of(body), (std::vector<std::string>{"refresh", "access"}));
  const std::string refresh = body["refresh"];
  const std::string access = body["access"];
  EXPECT_EQ(part(refresh, 0).dump(), R"({"alg":"HS256","typ":"JWT"})");
  const auto r = part(refresh, 1);
  const auto a = part(access, 1);
  const std::vector<std::string> order{"token_type", "exp", "iat", "jti", "user_id"};
  EXPECT_EQ(keys_of(r), order);
  EXPECT_EQ(keys_of(a), order);
  EXPECT_EQ(r["token_type"], "refresh");
  EXPECT_EQ(a["token_type"], "access");
  EXPECT_EQ(r["exp"], testing::kNow + 86400);
  EXPECT_EQ(a["exp"], testing::kNow + 300);
  EXPECT_EQ(r["iat"], testing::kNow);
  EXPECT_EQ(r["user_id"], 1);
  EXPECT_EQ(r["jti"].get<std::string>().size(), 32U);
  EXPECT_NE(r["jti"], a["jti"]);
}

TEST(SimpleJwt, ObtainRefusalsAreSimplejwts) {
  AppFixture f(with_simplejwt());
  f.add_user("alice", "pw");
  f.add_user("carol", "pw", /*active=*/false);
  auto wrong = f.post("/api/token/", R"({"username":"alice","password":"nope"})");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body, R"({"detail":"No active account found with the given credentials"})");
  EXPECT_EQ(wrong.header("WWW-Authenticate"), "Bearer realm=\"api\"");
  EXPECT_EQ(f.post("/api/token/", R"({"username":"carol","password":"pw"})").body, wrong.body);
  auto missing = f.post("/api/token/", "{}");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.body,
            R"({"username":["This field is required."],"password":["This field is required."]})");
}

TEST(SimpleJwt, RefreshWithoutRotationAnswersAnAccessTokenOnly) {
  AppFixture f(with_simplejwt());
  f.add_user("alice", "pw");
  const Pair pair = login(f);
  f.now += 60;
  const auto response = f.post("/api/token/refresh/", body_of("refresh", pair.refresh));
  ASSERT_EQ(response.status, 200) << response.body;
  const auto body = nlohmann::ordered_json::parse(response.body);
  EXPECT_EQ(keys_of(body), std::vector<std::string>{"access"});
  const auto access = part(body["access"], 1);
  // RefreshToken.access_token copies the refresh token's iat; exp counts from now.
  EXPECT_EQ(access["iat"], testing::kNow);
  EXPECT_EQ(access["exp"], testing::kNow + 60 + 300);
  EXPECT_EQ(access["token_type"], "access");
}

TEST(SimpleJwt, RefreshRefusesAccessExpiredAndForgedTokens) {
  AppFixture f(with_simplejwt());
  f.add_user("alice", "pw");
  const Pair pair = login(f);
  auto wrong_type = f.post("/api/token/refresh/", body_of("refresh", pair.access));
  EXPECT_EQ(wrong_type.status, 401);
  EXPECT_EQ(wrong_type.body, R"({"detail":"Token has wrong type","code":"token_not_valid"})");
  EXPECT_EQ(wrong_type.header("WWW-Authenticate"), "Bearer realm=\"api\"");
  EXPECT_EQ(f.post("/api/token/refresh/", body_of("refresh", pair.refresh + "x")).body,
            kInvalidOrExpired);
  EXPECT_EQ(f.post("/api/token/refresh/", body_of("refresh", "abc")).body, kInvalidOrExpired);
  f.now += 86400;  // exp == now: PyJWT 2's `exp <= now` is expired
  EXPECT_EQ(f.post("/api/token/refresh/", body_of("refresh", pair.refresh)).body,
            kInvalidOrExpired);
  EXPECT_EQ(f.post("/api/token/refresh/", "{}").body, R"({"refresh":["This field is required."]})");
}

TEST(SimpleJwt, VerifyTakesAnyTypeAndRefusesBlacklisted) {
  AppFixture f(with_simplejwt());
  f.add_user("alice", "pw");
  const Pair pair = login(f);
  for (const auto& token : {pair.refresh, pair.access}) {
    const auto ok = f.post("/api/token/verify/", body_of("token", token));
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(ok.body, "{}");
  }
  EXPECT_EQ(f.post("/api/token/verify/", body_of("token", "x.y.z")).body, kInvalidOrExpired);
  ASSERT_EQ(f.post("/api/token/blacklist/", body_of("refresh", pair.refresh)).status, 200);
  const auto blacklisted = f.post("/api/token/verify/", body_of("token", pair.refresh));
  EXPECT_EQ(blacklisted.status, 400);
  EXPECT_EQ(blacklisted.body, R"({"non_field_errors":["Token is blacklisted"]})");
}

TEST(SimpleJwt, BlacklistIsLogout) {
  AppFixture f(with_simplejwt());
  f.add_user("alice", "pw");
  const Pair pair = login(f);
  const auto out = f.post("/api/token/blacklist/", body_of("refresh", pair.refresh));
  EXPECT_EQ(out.status, 200);
  EXPECT_EQ(out.body, "{}");
  EXPECT_EQ(f.post("/api/token/refresh/", body_of("refresh", pair.refresh)).body, kBlacklisted);
  EXPECT_EQ(f.post("/api/token/blacklist/", body_of("refresh", pair.refresh)).body, kBlacklisted);
  EXPECT_EQ(f.post("/api/token/blacklist/", body_of("refresh", pair.access)).body,
            R"({"detail":"Token has wrong type","code":"token_not_valid"})");
}

TEST(SimpleJwt, BearerAccessTokensAuthenticateProtectedRoutes) {
  AppFixture f(with_simplejwt());
  f.add_user("alice", "pw");
  f.add_user("carol", "pw");
  const Pair pair = login(f);
  const auto me = f.send("GET", "/api/user/", {{"Authorization", "Bearer " + pair.access}});
  EXPECT_EQ(me.status, 200);
  EXPECT_NE(me.body.find("\"alice\""), std::string::npos) << me.body;
  const auto as_refresh =
      f.send("GET", "/api/user/", {{"Authorization", "Bearer " + pair.refresh}});
  EXPECT_EQ(as_refresh.status, 401);
  EXPECT_EQ(
      as_refresh.body,
      R"({"detail":"Given token not valid for any token type","code":"token_not_valid","messages":[{"token_class":"AccessToken","token_type":"access","message":"Token has wrong type"}]})");
  EXPECT_EQ(
      f.send("GET", "/api/user/", {{"Authorization", "Bearer"}}).body,
      R"({"detail":"Authorization header must contain two space-delimited values","code":"bad_authorization_header"})");
  // DRF compares the header type's bytes: "bearer" is nobody's, so anonymous.
  EXPECT_EQ(f.send("GET", "/api/user/", {{"Authorization", "bearer " + pair.access}}).body,
            R"({"detail":"Authentication credentials were not provided."})");
  ASSERT_TRUE(f.store->set_active("alice", false).value());
  EXPECT_EQ(f.send("GET", "/api/user/", {{"Authorization", "Bearer " + pair.access}}).body,
            R"({"detail":"User is inactive","code":"user_inactive"})");
  // A user that does not exist here: a token of the same key for id 3.
  {
    ApplicationOptions other = with_simplejwt();
    AppFixture g(other);
    g.add_user("x", "pw");
    g.add_user("y", "pw");
    g.add_user("alice", "pw");  // id 3: f has users 1 and 2 only
    const auto body = nlohmann::json::parse(
        g.post("/api/token/", R"({"username":"alice","password":"pw"})").body);
    EXPECT_EQ(f.send("GET", "/api/user/",
                     {{"Authorization", "Bearer " + body["access"].get<std::string>()}})
                  .body,
              R"({"detail":"User not found","code":"user_not_found"})");
  }
  f.now += 300;
  EXPECT_EQ(
      f.send("GET", "/api/user/", {{"Authorization", "Bearer " + pair.access}}).body,
      R"({"detail":"Given token not valid for any token type","code":"token_not_valid","messages":[{"token_class":"AccessToken","token_type":"access","message":"Token is invalid or expired"}]})");
}

TEST(SimpleJwt, DrfJwtTokensStillWorkBesideIt) {
  AppFixture f(with_simplejwt());
  f.add_user("alice", "pw");
  const std::string token = f.obtain("alice", "pw");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(f.send("GET", "/api/user/", {{"Authorization", "JWT " + token}}).status, 200);
}

TEST(SimpleJwt, RotationAnswersANewRefreshTokenAndBlacklistsTheOld) {
  AppFixture f(with_simplejwt(true, true));
  f.add_user("alice", "pw");
  const Pair first = login(f);
  f.now += 10;
  const auto rotated = f.post("/api/token/refresh/", body_of("refresh", first.refresh));
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const auto body = nlohmann::ordered_json::parse(rotated.body);
  EXPECT_EQ(keys_of(body), (std::vector<std::string>{"access", "refresh"}));
  const auto next = part(body["refresh"], 1);
  EXPECT_EQ(next["iat"], testing::kNow + 10);
  EXPECT_EQ(next["exp"], testing::kNow + 10 + 86400);
  EXPECT_NE(next["jti"], part(first.refresh, 1)["jti"]);
  EXPECT_EQ(f.post("/api/token/verify/", body_of("token", first.refresh)).status, 400);
  EXPECT_EQ(f.post("/api/token/refresh/", body_of("refresh", body["refresh"])).status, 200);
}

TEST(SimpleJwt, ReuseWithinTheGraceWindowGetsAPairInTheSameFamily) {
  AppFixture f(with_simplejwt(true, true));
  f.add_user("alice", "pw");
  const Pair first = login(f);
  const auto a = f.post("/api/token/refresh/", body_of("refresh", first.refresh));
  f.now += 5;  // reuse_grace: 5 s
  const auto b = f.post("/api/token/refresh/", body_of("refresh", first.refresh));
  ASSERT_EQ(a.status, 200);
  ASSERT_EQ(b.status, 200) << b.body;
  const std::string a_refresh = nlohmann::json::parse(a.body)["refresh"];
  const std::string b_refresh = nlohmann::json::parse(b.body)["refresh"];
  EXPECT_NE(a_refresh, b_refresh);
  EXPECT_EQ(f.post("/api/token/verify/", body_of("token", a_refresh)).status, 200);
  EXPECT_EQ(f.post("/api/token/verify/", body_of("token", b_refresh)).status, 200);
}

TEST(SimpleJwt, ReuseAfterTheGraceWindowRevokesTheWholeFamily) {
  ApplicationOptions options = with_simplejwt(true, true);
  auto events = std::make_shared<testing::RecordingEvents>();
  options.events = events;
  AppFixture f(options);
  f.add_user("alice", "pw");
  const Pair first = login(f);
  const Pair other = login(f);  // another login: another family, untouched
  const auto a = f.post("/api/token/refresh/", body_of("refresh", first.refresh));
  const std::string second = nlohmann::json::parse(a.body)["refresh"];
  f.now += 30;
  const auto b = f.post("/api/token/refresh/", body_of("refresh", second));
  const std::string third = nlohmann::json::parse(b.body)["refresh"];
  ASSERT_EQ(f.post("/api/token/verify/", body_of("token", third)).status, 200);
  f.now += 30;
  // The first token again, long after its rotation: someone else holds the family.
  EXPECT_EQ(f.post("/api/token/refresh/", body_of("refresh", first.refresh)).body, kBlacklisted);
  EXPECT_EQ(events->lines().back(), "refresh_token_reused 1");  // third; the others already were
  EXPECT_EQ(f.post("/api/token/refresh/", body_of("refresh", third)).body, kBlacklisted);
  EXPECT_EQ(f.post("/api/token/verify/", body_of("token", third)).status, 400);
  EXPECT_EQ(f.post("/api/token/refresh/", body_of("refresh", other.refresh)).status, 200);
}

TEST(SimpleJwt, ALogoutHasNoGraceWindow) {
  AppFixture f(with_simplejwt(true, true));
  f.add_user("alice", "pw");
  const Pair pair = login(f);
  ASSERT_EQ(f.post("/api/token/blacklist/", body_of("refresh", pair.refresh)).status, 200);
  EXPECT_EQ(f.post("/api/token/refresh/", body_of("refresh", pair.refresh)).body, kBlacklisted);
}

// The store refuses writes: a rotation cannot be recorded, so no token is answered.
class UnwritableTokens final : public OutstandingTokenStore {
 public:
  explicit UnwritableTokens(std::shared_ptr<OutstandingTokenStore> inner)
      : inner_(std::move(inner)) {}
  bool writable = true;
  StoreResult<void> record(const OutstandingToken& token, std::string_view family) override {
    if (!writable) return unexpected(down());
    return inner_->record(token, family);
  }
  StoreResult<TokenStanding> standing(std::string_view jti) override {
    return inner_->standing(jti);
  }
  StoreResult<bool> blacklist(const OutstandingToken& token, std::int64_t now) override {
    if (!writable) return unexpected(down());
    return inner_->blacklist(token, now);
  }
  StoreResult<bool> rotate(const OutstandingToken& old, const OutstandingToken& next,
                           std::string_view family, std::int64_t now) override {
    if (!writable) return unexpected(down());
    return inner_->rotate(old, next, family, now);
  }
  StoreResult<std::size_t> revoke_family(std::string_view family, std::int64_t now) override {
    if (!writable) return unexpected(down());
    return inner_->revoke_family(family, now);
  }

 private:
  static StoreError down() { return {StoreError::Kind::kUnavailable, "database is locked"}; }
  std::shared_ptr<OutstandingTokenStore> inner_;
};

TEST(SimpleJwt, RotationWithoutStorageFailsClosed) {
#ifdef RESTJWT_TEST_POSTGRES
  GTEST_SKIP() << "a SQLite file of its own: the same on both databases";
#endif
  testing::TempDir dir;
  const std::string path = dir.file("db.sqlite3");
  {
    SqliteStoreOptions create;
    create.path = path;
    create.create_if_missing = true;
    ASSERT_TRUE(SqliteUserStore::open(create).has_value());
  }
  auto tokens = std::make_shared<UnwritableTokens>(
      open_sqlite_outstanding_tokens(path, std::chrono::seconds(5)).value());
  ApplicationOptions options = with_simplejwt(true, true);
  options.simplejwt->outstanding = tokens;
  AppFixture f(options, {}, path);
  f.add_user("alice", "pw");
  const Pair pair = login(f);
  tokens->writable = false;
  const auto refused = f.post("/api/token/refresh/", body_of("refresh", pair.refresh));
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.body.find("refresh\":"), std::string::npos);
  EXPECT_EQ(f.post("/api/token/", kLogin).status, 503);  // no outstanding row, no pair
  tokens->writable = true;
  EXPECT_EQ(f.post("/api/token/refresh/", body_of("refresh", pair.refresh)).status, 200);
}

}  // namespace
}  // namespace restjwt
