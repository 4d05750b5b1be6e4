// [simplejwt]: off by default with simplejwt's defaults, every key read from the file and the
// environment, the signing key never echoed, and the combinations refused at load.
#include <gtest/gtest.h>

#include "restjwt/config.hpp"
#include "unit/config/config_test_support.hpp"

namespace restjwt {
namespace {

using test::env_of;
using test::with_secret;

TEST(SimpleJwtConfig, OffByDefaultWithSimplejwtsDefaults) {
  const auto config = load_config_text("", with_secret());
  ASSERT_TRUE(config.has_value()) << config.error();
  const SimpleJwtConfig& c = config->simplejwt;
  EXPECT_FALSE(c.enabled);
  EXPECT_EQ(c.options.access_token_lifetime, std::chrono::minutes(5));
  EXPECT_EQ(c.options.refresh_token_lifetime, std::chrono::hours(24));
  EXPECT_FALSE(c.options.rotate_refresh_tokens);
  EXPECT_FALSE(c.options.blacklist_after_rotation);
  EXPECT_EQ(c.options.algorithm, "HS256");
  EXPECT_EQ(c.options.auth_header_types, std::vector<std::string>{"Bearer"});
  EXPECT_EQ(c.options.routes.obtain, "/api/token/");
  EXPECT_EQ(c.options.routes.blacklist, "/api/token/blacklist/");
}

TEST(SimpleJwtConfig, ReadsEveryKey) {
  const std::string signing(40, 's');
  const auto config = load_config_text(
      "[simplejwt]\nenabled = true\naccess_token_lifetime = \"10m\"\n"
      "refresh_token_lifetime = \"7d\"\nrotate_refresh_tokens = true\n"
      "blacklist_after_rotation = true\nreuse_grace = 3\nalgorithm = \"HS512\"\n"
      "auth_header_types = [\"Bearer\", \"Token\"]\nobtain = \"/auth/pair/\"\n",
      env_of({{"JWT_SECRET_KEY", std::string(48, 'k')},
              {"RESTJWT_SIMPLEJWT__SIGNING_KEY", signing},
              {"RESTJWT_SIMPLEJWT__BLACKLIST", "/auth/logout/"}}));
  ASSERT_TRUE(config.has_value()) << config.error();
  const SimpleJwtOptions& o = config->simplejwt.options;
  EXPECT_TRUE(config->simplejwt.enabled);
  EXPECT_EQ(o.access_token_lifetime, std::chrono::minutes(10));
  EXPECT_EQ(o.refresh_token_lifetime, std::chrono::hours(24 * 7));
  EXPECT_TRUE(o.rotate_refresh_tokens);
  EXPECT_TRUE(o.blacklist_after_rotation);
  EXPECT_EQ(o.reuse_grace, std::chrono::seconds(3));
  EXPECT_EQ(o.algorithm, "HS512");
  EXPECT_EQ(o.auth_header_types, (std::vector<std::string>{"Bearer", "Token"}));
  EXPECT_EQ(o.signing_key, signing);
  EXPECT_EQ(o.routes.obtain, "/auth/pair/");
  EXPECT_EQ(o.routes.blacklist, "/auth/logout/");
  const std::string shown = describe_config(*config);
  EXPECT_EQ(shown.find(signing), std::string::npos);
  EXPECT_NE(shown.find("[simplejwt]"), std::string::npos);
}

TEST(SimpleJwtConfig, RefusesWhatCouldNotServe) {
  const struct {
    std::string toml;
    std::string error;
  } cases[] = {
      {"[simplejwt]\nenabled = true\nalgorithm = \"RS256\"\n", "[simplejwt] algorithm"},
      {"[simplejwt]\nenabled = true\nsigning_key = \"short\"\n", "[simplejwt] signing_key"},
      {"[simplejwt]\nenabled = true\nobtain = \"/api-token-auth/\"\n",
       "[routes] obtain and [simplejwt] obtain"},
      {"[simplejwt]\nenabled = true\nauth_header_types = []\n", "auth_header_types"},
      {"[simplejwt]\naccess_token_lifetime = 0\n", "access_token_lifetime"},
      {"[simplejwt]\nenabled = true\nauth_header_types = [\"JWT\"]\n",
       "\"JWT\" is also JWT_AUTH_HEADER_PREFIX"},
  };
  for (const auto& c : cases) {
    const auto config = load_config_text(c.toml, with_secret());
    ASSERT_FALSE(config.has_value()) << c.toml;
    EXPECT_NE(config.error().find(c.error), std::string::npos) << config.error();
  }
  // Its routes are taken only when it is on.
  EXPECT_TRUE(
      load_config_text("[simplejwt]\nobtain = \"/api-token-auth/\"\n", with_secret()).has_value());
}

TEST(SimpleJwtConfig, WarnsAboutBlacklistAfterRotationWithoutRotation) {
  const auto config = load_config_text(
      "[simplejwt]\nenabled = true\nblacklist_after_rotation = true\n", with_secret());
  ASSERT_TRUE(config.has_value()) << config.error();
  ASSERT_EQ(config->warnings.size(), 1U);
  EXPECT_NE(config->warnings[0].find("blacklist_after_rotation"), std::string::npos);
}

}  // namespace
}  // namespace restjwt
