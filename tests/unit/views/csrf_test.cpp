// Wire contract §16.2: unsafe requests authenticated by the JWT cookie need Django's double-submit
// token or a trusted Origin/Referer; header-authenticated requests are not affected.
#include <gtest/gtest.h>

#include "support/app_fixture.hpp"

namespace restjwt {
namespace {

struct Csrf : ::testing::Test {
  std::unique_ptr<testing::AppFixture> f;
  std::string token;

  void SetUp() override {
    ApplicationOptions options;
    options.settings.auth_cookie = "jwt";
    options.csrf_trusted_origins = {"https://app.example.com"};
    f = std::make_unique<testing::AppFixture>(options);
    f->add_user("alice", "pw");
    token = f->obtain("alice", "pw");
  }

  int post(HeaderList headers) const {
    return f->send("POST", "/api/user/", std::move(headers)).status;
  }
};

TEST_F(Csrf, CookieAuthenticatedPostWithoutProofIsRefused) {
  const auto response = f->send("POST", "/api/user/", {{"Cookie", "jwt=" + token}});
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.body, R"({"detail":"CSRF Failed: CSRF cookie not set."})");
  EXPECT_EQ(f->send("GET", "/api/user/", {{"Cookie", "jwt=" + token}}).status, 200);  // safe method
}

TEST_F(Csrf, DoubleSubmitTokenMaskedOrNot) {
  const std::string secret = "abcdefghijklmnopqrstuvwxyzABCDEF";
  EXPECT_EQ(post({{"Cookie", "csrftoken=" + secret + "; jwt=" + token}, {"X-CSRFToken", secret}}),
            200);
  // Django 3.2 masks: 32 mask characters, then the secret shifted by them. Mask "b…" shifts by 1.
  const std::string mask(32, 'b');
  std::string masked = mask;
  for (const char c : secret) masked += (c == 'F') ? 'G' : static_cast<char>(c + 1);
  masked[32 + 25] = 'A';  // 'z' + 1 wraps to 'A' in Django's alphabet
  EXPECT_EQ(post({{"Cookie", "csrftoken=" + secret + "; jwt=" + token}, {"X-CSRFToken", masked}}),
            200);
  const auto wrong = f->send("POST", "/api/user/",
                             {{"Cookie", "csrftoken=" + secret + "; jwt=" + token},
                              {"X-CSRFToken", std::string(32, 'x')}});
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(wrong.body, R"({"detail":"CSRF Failed: CSRF token missing or incorrect."})");
}

TEST_F(Csrf, TrustedOriginOrReferer) {
  EXPECT_EQ(post({{"Cookie", "jwt=" + token}, {"Origin", "https://app.example.com"}}), 200);
  EXPECT_EQ(post({{"Cookie", "jwt=" + token}, {"Referer", "https://app.example.com/page?x=1"}}),
            200);
  const auto evil = f->send("POST", "/api/user/",
                            {{"Cookie", "jwt=" + token}, {"Origin", "https://evil.example"}});
  EXPECT_EQ(evil.status, 403);
  EXPECT_EQ(
      evil.body,
      R"({"detail":"CSRF Failed: Origin checking failed - https://evil.example does not match any trusted origins."})");
  EXPECT_EQ(
      post({{"Cookie", "jwt=" + token}, {"Referer", "https://app.example.com.evil.example/"}}),
      403);
}

TEST_F(Csrf, HeaderAuthenticationIsNotAffectedAndWinsOverTheCookie) {
  EXPECT_EQ(post({{"Authorization", "JWT " + token}}), 200);
  EXPECT_EQ(post({{"Authorization", "JWT " + token}, {"Cookie", "jwt=garbage"}}), 200);
}

}  // namespace
}  // namespace restjwt
