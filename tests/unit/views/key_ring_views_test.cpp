// The views with a key ring (docs/keys.md): tokens carry the active key's kid, keep verifying
// through a rotation until their key is removed, and the ring's public keys are served at
// /.well-known/jwks.json with a minimal /.well-known/openid-configuration. Without a ring none of
// it exists (the drf-jwt header, 404 for the documents).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "restjwt/base64url.hpp"
#include "restjwt/directory_key_store.hpp"
#include "restjwt/jwk.hpp"
#include "support/app_fixture.hpp"

namespace restjwt {
namespace {

using testing::AppFixture;
using testing::kNow;

constexpr std::int64_t kDay = 86400;

std::string header_of(const std::string& token) {
  return base64url_decode(token.substr(0, token.find('.'))).value_or("");
}

struct KeyRingViews : ::testing::Test {
  testing::TempDir keys_dir;
  std::shared_ptr<KeyStore> store = open_directory_key_store(keys_dir.path().string()).value();
  std::shared_ptr<std::int64_t> clock_now = std::make_shared<std::int64_t>(kNow);
  std::shared_ptr<KeyRing> ring;
  std::unique_ptr<AppFixture> f;

  void start(Algorithm algorithm, std::optional<std::string> issuer = std::nullopt) {
    KeyRingOptions o;
    o.algorithm = algorithm;
    o.token_lifetime = std::chrono::seconds(300);
    o.rotate_every = std::chrono::hours(24 * 30);
    o.publish_ahead = std::chrono::hours(24);
    ring = KeyRing::open(store, o, [now = clock_now] { return *now; }).value();
    ApplicationOptions options;
    options.key_ring = ring;
    options.settings.algorithm = algorithm;
    options.settings.issuer = std::move(issuer);
    f = std::make_unique<AppFixture>(options);
    f->add_user("alice", "pw");
  }
  void at(std::int64_t now) {
    *clock_now = now;
    f->now = now;
    ASSERT_TRUE(ring->rotate().has_value());
  }
  std::string verify(const std::string& token) const {
    return f->post("/api-token-verify/", R"({"token":")" + token + R"("})").body;
  }
  std::string ok(const std::string& token) const { return R"({"token":")" + token + R"("})"; }
};

TEST_F(KeyRingViews, TokensNameTheActiveKey) {
  start(Algorithm::kHS256);
  const std::string token = f->obtain("alice", "pw");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(header_of(token),
            R"({"typ":"JWT","alg":"HS256","kid":")" + ring->signing_key()->kid + R"("})");
  EXPECT_EQ(verify(token), ok(token));
  const auto user = f->send("GET", "/api/user/", {{"Authorization", "JWT " + token}});
  EXPECT_EQ(user.status, 200) << user.body;
}

TEST_F(KeyRingViews, TokensOfTheOldKeyVerifyAfterARotationUntilTheKeyIsRemoved) {
  start(Algorithm::kES256);
  at(kNow + 29 * kDay);  // the next key is published
  at(kNow + 30 * kDay - 10);
  const std::string old_token = f->obtain("alice", "pw");
  const std::string old_kid = ring->signing_key()->kid;
  at(kNow + 30 * kDay);  // and now signs
  const std::string new_token = f->obtain("alice", "pw");
  EXPECT_NE(header_of(new_token), header_of(old_token));
  EXPECT_EQ(header_of(new_token).find(old_kid), std::string::npos);
  // The old token is still within its 300 s: it verifies with the retired key.
  at(kNow + 30 * kDay + 200);
  EXPECT_EQ(verify(old_token), ok(old_token));
  EXPECT_EQ(verify(new_token), ok(new_token));
  // The retired key goes 300 s after it stopped signing; its tokens are unknown from then on.
  at(kNow + 30 * kDay + 300);
  f->now = kNow + 30 * kDay - 10;  // even a token that would not have expired yet
  EXPECT_EQ(verify(old_token), R"({"non_field_errors":["Error decoding signature."]})");
  EXPECT_EQ(verify(new_token), ok(new_token));
}

TEST_F(KeyRingViews, ATokenWithoutKidIsCheckedWithTheActiveKeyOnly) {
  start(Algorithm::kHS256);
  const SigningKey active = ring->signing_key().value();
  Claims payload = {{"user_id", 1}, {"username", "alice"}, {"exp", kNow + 60}};
  const std::string token = encode_jwt(active.key, payload).value();
  EXPECT_EQ(verify(token), ok(token));
  at(kNow + 29 * kDay);
  at(kNow + 30 * kDay);  // rotated: the key that signed it is retired, not active
  f->now = kNow;
  EXPECT_EQ(verify(token), R"({"non_field_errors":["Error decoding signature."]})");
}

TEST_F(KeyRingViews, ServesThePublicKeysOfEveryStateAsAJwks) {
  start(Algorithm::kRS256);
  at(kNow + 29 * kDay);
  const auto response = f->send("GET", "/.well-known/jwks.json");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.header("Content-Type"), "application/json");
  EXPECT_EQ(response.header("Cache-Control"), "public, max-age=300");
  EXPECT_EQ(response.header("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(response.body, ring->jwks());
  const auto jwks = nlohmann::json::parse(response.body);
  ASSERT_EQ(jwks["keys"].size(), 2U) << "active and next";
  for (const auto& jwk : jwks["keys"]) {
    EXPECT_EQ(jwk["kty"], "RSA");
    EXPECT_EQ(jwk["use"], "sig");
    EXPECT_EQ(jwk["alg"], "RS256");
    EXPECT_TRUE(jwk.contains("n") && jwk.contains("e") && !jwk.contains("d"));
  }
  EXPECT_EQ(f->send("HEAD", "/.well-known/jwks.json").status, 200);
  const auto post = f->send("POST", "/.well-known/jwks.json", {}, "");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.header("Allow"), "GET, HEAD");
  EXPECT_EQ(f->send("GET", "/.well-known/jwks.json/").status, 404);
}

TEST_F(KeyRingViews, HmacKeysAreNeverServed) {
  start(Algorithm::kHS256);
  EXPECT_EQ(f->send("GET", "/.well-known/jwks.json").body, R"({"keys":[]})");
}

TEST_F(KeyRingViews, OpenidConfigurationPointsToTheKeys) {
  start(Algorithm::kES256, "https://auth.example.com/");
  const auto response = f->send("GET", "/.well-known/openid-configuration");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"issuer":"https://auth.example.com/",)"
                           R"("jwks_uri":"https://auth.example.com/.well-known/jwks.json",)"
                           R"("id_token_signing_alg_values_supported":["ES256"]})");
  EXPECT_EQ(response.header("Cache-Control"), "public, max-age=300");
}

TEST_F(KeyRingViews, WithoutJwtIssuerTheDocumentNamesTheRequestsOriginAndIsNotCached) {
  start(Algorithm::kEdDSA);
#ifdef RESTJWT_TEST_OVER_HTTP
  const std::string host = "127.0.0.1";  // the test client's own Host header
  HeaderList headers{{"X-Forwarded-Proto", "https"}};
#else
  const std::string host = "api.example.com:8443";
  HeaderList headers{{"Host", host}, {"X-Forwarded-Proto", "https"}};
#endif
  const auto response = f->send("GET", "/.well-known/openid-configuration", headers);
  ASSERT_EQ(response.status, 200);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["issuer"], "https://" + host);
  EXPECT_EQ(body["jwks_uri"], "https://" + host + "/.well-known/jwks.json");
  EXPECT_EQ(body["id_token_signing_alg_values_supported"], nlohmann::json::array({"EdDSA"}));
  EXPECT_EQ(response.header("Cache-Control"), "no-store");
}

TEST_F(KeyRingViews, APerUserSecretAndAKeyRingDoNotGoTogether) {
  KeyRingOptions o;
  ring = KeyRing::open(store, o, [] { return kNow; }).value();
  ApplicationOptions options;
  options.key_ring = ring;
  options.hooks.user_secret = [](const User& user) { return user.jwt_secret; };
  try {
    AppFixture fixture(options);
    ADD_FAILURE() << "created";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("JWT_GET_USER_SECRET_KEY and the key ring"),
              std::string::npos)
        << error.what();
  }
}

TEST(WithoutKeyRing, TokensHaveDrfJwtsHeaderAndThereIsNoKeySet) {
  AppFixture f;
  f.add_user("alice", "pw");
  const std::string token = f.obtain("alice", "pw");
  EXPECT_EQ(header_of(token), R"({"typ":"JWT","alg":"HS256"})");
  EXPECT_EQ(f.send("GET", "/.well-known/jwks.json").status, 404);
  EXPECT_EQ(f.send("GET", "/.well-known/openid-configuration").status, 404);
}

}  // namespace
}  // namespace restjwt
