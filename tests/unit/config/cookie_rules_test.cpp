// Cookie settings that browsers would silently refuse are start-up errors.
#include <gtest/gtest.h>

#include "restjwt/config.hpp"

namespace restjwt {
namespace {

Environment no_env() {
  return [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
}

std::string error_of(const std::string& jwt_auth) {
  const auto settings = load_settings("[jwt_auth]\n" + jwt_auth, no_env());
  return settings ? "" : settings.error();
}

TEST(CookieRules, RefusesWhatBrowsersWouldDrop) {
  EXPECT_EQ(error_of("JWT_AUTH_COOKIE = \"jwt\"\nJWT_AUTH_COOKIE_SAMESITE = "
                     "\"None\"\nJWT_AUTH_COOKIE_SECURE = false\n"),
            "JWT_AUTH_COOKIE_SAMESITE = \"None\" needs JWT_AUTH_COOKIE_SECURE = true (browsers "
            "drop it otherwise)");
  EXPECT_EQ(error_of("JWT_AUTH_COOKIE = \"__Host-jwt\"\nJWT_AUTH_COOKIE_PATH = \"/api\"\n"),
            "JWT_AUTH_COOKIE = \"__Host-jwt\": a __Host- cookie needs JWT_AUTH_COOKIE_PATH = \"/\" "
            "and no JWT_AUTH_COOKIE_DOMAIN");
  EXPECT_EQ(
      error_of("JWT_AUTH_COOKIE = \"__Host-jwt\"\nJWT_AUTH_COOKIE_DOMAIN = \"example.com\"\n"),
      "JWT_AUTH_COOKIE = \"__Host-jwt\": a __Host- cookie needs JWT_AUTH_COOKIE_PATH = \"/\" and "
      "no JWT_AUTH_COOKIE_DOMAIN");
  EXPECT_EQ(error_of("JWT_AUTH_COOKIE = \"__Secure-jwt\"\nJWT_AUTH_COOKIE_SECURE = false\n"),
            "JWT_AUTH_COOKIE = \"__Secure-jwt\": a __Secure- or __Host- cookie needs "
            "JWT_AUTH_COOKIE_SECURE = true");
  EXPECT_NE(error_of("JWT_AUTH_COOKIE = \"a;b\"\n"), "");
  EXPECT_NE(error_of("JWT_AUTH_COOKIE = \"a b\"\n"), "");
  EXPECT_NE(error_of("JWT_AUTH_COOKIE_PATH = \"/x\\r\\nSet-Cookie: evil=1\"\n"), "");
}

TEST(CookieRules, AcceptsSoundCookies) {
  EXPECT_EQ(error_of("JWT_AUTH_COOKIE = \"__Host-jwt\"\n"), "");
  EXPECT_EQ(error_of("JWT_AUTH_COOKIE = \"jwt\"\nJWT_AUTH_COOKIE_SAMESITE = \"None\"\n"), "");
  EXPECT_EQ(error_of("JWT_AUTH_COOKIE = \"jwt\"\nJWT_AUTH_COOKIE_SAMESITE = "
                     "\"Strict\"\nJWT_AUTH_COOKIE_DOMAIN = \"example.com\"\n"),
            "");
}

}  // namespace
}  // namespace restjwt
