// Another issuer's tokens on protected routes ([remote_jwks], docs/keys.md): chosen by their `iss`,
// checked with that issuer's keys and claims only, naming a local user by the configured claim;
// the token views (verify, refresh) and restjwt's own tokens are unaffected.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "restjwt/jwk.hpp"
#include "restjwt/remote_jwks.hpp"
#include "support/app_fixture.hpp"

namespace restjwt {
namespace {

using testing::AppFixture;
using testing::kNow;

constexpr const char* kIssuer = "https://issuer.example";

Key issuer_key() {
  static const Key key =
      key_from_text(Algorithm::kES256, generate_key_text(Algorithm::kES256).value()).value();
  return key;
}

struct RemoteTokens : ::testing::Test {
  std::shared_ptr<RemoteJwks> jwks;
  std::unique_ptr<AppFixture> f;

  void SetUp() override {
    RemoteJwksOptions options;
    options.name = "test";
    options.algorithms = {Algorithm::kES256};
    const std::string text = R"({"keys":[)" + public_jwk(issuer_key(), "issuer-1").value() + "]}";
    jwks = std::make_shared<RemoteJwks>(
        options, [text]() -> Expected<std::string, std::string> { return text; });
    ASSERT_TRUE(jwks->fetch().has_value());
    ApplicationOptions app;
    app.remote_keys = jwks;
    app.remote_rules = RemoteTokenRules{kIssuer, "api", "preferred_username"};
    f = std::make_unique<AppFixture>(app);
    f->add_user("alice", "pw");
    f->add_user("bob", "pw");
  }

  static std::string remote_token(Claims claims, const std::string& kid = "issuer-1") {
    Claims payload = {{"iss", kIssuer},
                      {"aud", "api"},
                      {"sub", "8e2f"},
                      {"preferred_username", "alice"},
                      {"exp", kNow + 60}};
    for (auto& [name, value] : claims.items()) {
      if (value.is_null()) {
        payload.erase(name);
      } else {
        payload[name] = value;
      }
    }
    return encode_jwt(issuer_key(), payload, kid).value();
  }
  HttpResponse user(const std::string& token) const {
    return f->send("GET", "/api/user/", {{"Authorization", "JWT " + token}});
  }
};

TEST_F(RemoteTokens, AuthenticateTheLocalUserTheyName) {
  const auto response = user(remote_token(Claims::object()));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(nlohmann::json::parse(response.body)["username"], "alice");
  // The `username` claim means nothing here: username_claim names the user.
  const auto bob = user(remote_token({{"username", "bob"}, {"preferred_username", "bob"}}));
  EXPECT_EQ(nlohmann::json::parse(bob.body)["username"], "bob");
}

TEST_F(RemoteTokens, AreRefusedWithoutTheIssuersClaims) {
  const std::string detail_of_other = R"({"detail":"Incorrect authentication credentials."})";
  EXPECT_EQ(user(remote_token({{"aud", "other"}})).body, detail_of_other);
  EXPECT_EQ(user(remote_token({{"aud", nullptr}})).body, detail_of_other);
  EXPECT_EQ(user(remote_token({{"exp", nullptr}})).body, detail_of_other) << "exp is required";
  EXPECT_EQ(user(remote_token({{"exp", kNow - 1}})).body, R"({"detail":"Signature has expired."})");
  EXPECT_EQ(user(remote_token({{"preferred_username", "mallory"}})).body,
            R"({"detail":"Invalid signature."})");
  EXPECT_EQ(user(remote_token({{"preferred_username", nullptr}})).body,
            R"({"detail":"Invalid payload."})");
  EXPECT_EQ(user(remote_token(Claims::object(), "unknown")).body,
            R"({"detail":"Error decoding signature."})");
}

TEST_F(RemoteTokens, AnotherIssuersTokenIsCheckedWithTheLocalKeyAndFails) {
  // Signed by the remote issuer's key but claiming another issuer: not routed to its keys, so
  // checked as restjwt's own token, whose algorithm (HS256) it does not have.
  const auto response = user(remote_token({{"iss", "https://elsewhere.example"}}));
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.body, R"({"detail":"Incorrect authentication credentials."})");
}

TEST_F(RemoteTokens, AreNotAcceptedByTheTokenViews) {
  const std::string token = remote_token(Claims::object());
  for (const char* route : {"/api-token-verify/", "/api-token-refresh/"}) {
    EXPECT_EQ(f->post(route, R"({"token":")" + token + R"("})").status, 400) << route;
  }
}

TEST_F(RemoteTokens, LeaveRestjwtsOwnTokensAsTheyWere) {
  const std::string own = f->obtain("bob", "pw");
  EXPECT_EQ(nlohmann::json::parse(user(own).body)["username"], "bob");
  EXPECT_EQ(f->post("/api-token-verify/", R"({"token":")" + own + R"("})").status, 200);
}

TEST(RemoteTokenRules, AnIssuerIsRequired) {
  ApplicationOptions app;
  app.remote_keys = std::make_shared<RemoteJwks>(
      RemoteJwksOptions{}, []() -> Expected<std::string, std::string> { return "{}"; });
  EXPECT_THROW(AppFixture fixture(app), std::runtime_error);
}

}  // namespace
}  // namespace restjwt
