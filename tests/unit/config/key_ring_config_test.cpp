// [keys] and [remote_jwks]: off by default, every value read from the file and the environment,
// the combinations refused at load with the line an operator sees, and the KEK never echoed.
#include <gtest/gtest.h>

#include "restjwt/config.hpp"
#include "unit/config/config_test_support.hpp"

namespace restjwt {
namespace {

using test::env_of;
using test::kSecret;
using test::with_secret;

const std::string kKek(40, 'k');

TEST(KeyRingConfig, OffByDefault) {
  const auto config = load_config_text("", with_secret());
  ASSERT_TRUE(config.has_value()) << config.error();
  EXPECT_FALSE(config->keys.enabled());
  EXPECT_FALSE(config->remote_jwks.enabled());
}

TEST(KeyRingConfig, ReadsEveryKey) {
  const auto config = load_config_text(
      "[keys]\nstorage = \"database\"\nrotate_every = \"30d\"\npublish_ahead = \"2d\"\n"
      "poll_interval = \"250ms\"\njwks_max_age = 600\n",
      env_of({{"RESTJWT_KEYS__KEK", kKek}}));
  ASSERT_TRUE(config.has_value()) << config.error();
  EXPECT_EQ(config->keys.storage, KeysConfig::Storage::kDatabase);
  EXPECT_EQ(config->keys.rotate_every, std::chrono::hours(24 * 30));
  EXPECT_EQ(config->keys.publish_ahead, std::chrono::hours(48));
  EXPECT_EQ(config->keys.poll_interval, std::chrono::milliseconds(250));
  EXPECT_EQ(config->keys.jwks_max_age, std::chrono::seconds(600));
  EXPECT_EQ(config->keys.kek, kKek);
}

TEST(KeyRingConfig, ServesWithoutAStaticKeyAndWarnsAboutOneThatIsIgnored) {
  const auto without = load_config_text("[keys]\nstorage = \"database\"\n", env_of({}));
  ASSERT_TRUE(without.has_value()) << without.error();
  EXPECT_TRUE(without->warnings.empty());
  const auto with = load_config_text("[keys]\nstorage = \"database\"\n", with_secret());
  ASSERT_TRUE(with.has_value()) << with.error();
  ASSERT_EQ(with->warnings.size(), 1U);
  EXPECT_NE(with->warnings[0].find("not used while [keys] storage is set"), std::string::npos);
}

struct Refused {
  std::string name;
  std::string toml;
  std::map<std::string, std::string> env;
  std::string error;
};

void PrintTo(const Refused& refused, std::ostream* out) { *out << refused.name; }

std::string refused_name(const ::testing::TestParamInfo<Refused>& param) {
  return param.param.name;
}

class KeyRingConfigErrors : public ::testing::TestWithParam<Refused> {};

TEST_P(KeyRingConfigErrors, SayWhatToChange) {
  const auto config = load_config_text(GetParam().toml, env_of(GetParam().env));
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error(), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Config, KeyRingConfigErrors,
    ::testing::Values(
        Refused{"PerUserSecret",
                "[keys]\nstorage = \"database\"\n[jwt_auth]\n"
                "JWT_GET_USER_SECRET_KEY = \"column:jwt_secret\"\n",
                {},
                "[keys] storage and JWT_GET_USER_SECRET_KEY do not go together: with a per-user "
                "secret each user's secret is the key of their tokens, and there is no ring to "
                "rotate"},
        Refused{"DirectoryWithoutPath",
                "[keys]\nstorage = \"directory\"\n",
                {},
                "[keys] storage = \"directory\" needs [keys] directory"},
        Refused{"PathWithoutDirectory",
                "[keys]\ndirectory = \"/etc/keys\"\n",
                {},
                "[keys] directory is set: also set storage = \"directory\""},
        Refused{"UnknownStorage",
                "[keys]\nstorage = \"vault\"\n",
                {},
                R"([keys] storage = "vault": expected one of config, database, directory)"},
        Refused{"RotationShorterThanPublishing",
                "[keys]\nstorage = \"database\"\nrotate_every = \"1d\"\n",
                {},
                "[keys] rotate_every (86400 s) must be longer than publish_ahead (86400 s)"},
        Refused{"PublishedForLessThanCaches",
                "[keys]\nstorage = \"database\"\nrotate_every = \"7d\"\npublish_ahead = 60\n",
                {},
                "[keys] publish_ahead (60 s) must be at least jwks_max_age (300 s)"},
        Refused{"ShortKekIsNeverEchoed",
                "[keys]\nstorage = \"database\"\n",
                {{"RESTJWT_KEYS__KEK", "tiny-secret"}},
                "environment RESTJWT_KEYS__KEK = \"<redacted>\": expected at least 32 bytes of "
                "random text"},
        Refused{"RemoteWithoutIssuer",
                "[remote_jwks]\nurl = \"https://issuer.example/jwks.json\"\n",
                {{"JWT_SECRET_KEY", kSecret}},
                "[remote_jwks] issuer is required: only tokens whose iss is exactly that issuer "
                "are checked with its keys"},
        Refused{"RemoteOverHttp",
                "[remote_jwks]\nurl = \"http://issuer.example/jwks.json\"\nissuer = \"i\"\n",
                {{"JWT_SECRET_KEY", kSecret}},
                "[remote_jwks] url = \"http://issuer.example/jwks.json\": only https:// "
                "(allow_http = true is for tests)"},
        Refused{"RemoteHmac",
                "[remote_jwks]\nalgorithms = [\"HS256\"]\n",
                {{"JWT_SECRET_KEY", kSecret}},
                "[remote_jwks] algorithms: expected a list of RS*, PS*, ES* or EdDSA algorithm "
                "names, e.g. [\"RS256\"]"},
        Refused{"RemoteIsUs",
                "[remote_jwks]\nurl = \"https://a.example/k\"\nissuer = \"me\"\n"
                "[jwt_auth]\nJWT_ISSUER = \"me\"\n",
                {{"JWT_SECRET_KEY", kSecret}},
                "[remote_jwks] issuer is JWT_ISSUER: the remote issuer must be another one than "
                "this server"},
        Refused{"RefreshAfterExpiry",
                "[remote_jwks]\nurl = \"https://a.example/k\"\nissuer = \"i\"\n"
                "cache_lifetime = 60\nrefresh_before = 60\n",
                {{"JWT_SECRET_KEY", kSecret}},
                "[remote_jwks] refresh_before must be shorter than cache_lifetime"}),
    refused_name);

TEST(RemoteJwksConfig, ReadsEveryKey) {
  const auto config = load_config_text(
      "[remote_jwks]\nurl = \"http://127.0.0.1:9/jwks.json\"\nallow_http = true\n"
      "issuer = \"https://issuer.example\"\naudience = \"api\"\nalgorithms = [\"ES256\", "
      "\"RS256\"]\nusername_claim = \"preferred_username\"\ncache_lifetime = \"10m\"\n"
      "refresh_before = \"1m\"\nrefetch_min_interval = 5\ntimeout = \"800ms\"\n"
      "max_bytes = 4096\nca_file = \"/etc/ssl/ca.pem\"\n",
      with_secret());
  ASSERT_TRUE(config.has_value()) << config.error();
  const RemoteJwksConfig& r = config->remote_jwks;
  EXPECT_TRUE(r.enabled());
  EXPECT_EQ(r.issuer, "https://issuer.example");
  EXPECT_EQ(r.audience, "api");
  EXPECT_EQ(r.algorithms, (std::vector<std::string>{"ES256", "RS256"}));
  EXPECT_EQ(r.username_claim, "preferred_username");
  EXPECT_EQ(r.cache_lifetime, std::chrono::seconds(600));
  EXPECT_EQ(r.refresh_before, std::chrono::seconds(60));
  EXPECT_EQ(r.refetch_min_interval, std::chrono::seconds(5));
  EXPECT_EQ(r.timeout, std::chrono::milliseconds(800));
  EXPECT_EQ(r.max_bytes, 4096U);
  EXPECT_EQ(r.ca_file, "/etc/ssl/ca.pem");
}

TEST(KeyRingConfig, CheckConfigRedactsTheKekAndLoadsBack) {
  const auto config =
      load_config_text("[keys]\nstorage = \"database\"\n", env_of({{"RESTJWT_KEYS__KEK", kKek}}));
  ASSERT_TRUE(config.has_value()) << config.error();
  const std::string text = describe_config(*config);
  EXPECT_EQ(text.find(kKek), std::string::npos);
  EXPECT_NE(text.find("# kek = <redacted, 40 bytes>"), std::string::npos);
  EXPECT_NE(text.find("# url is not set"), std::string::npos);
  const auto again = load_config_text(text, env_of({{"RESTJWT_KEYS__KEK", kKek}}));
  ASSERT_TRUE(again.has_value()) << again.error();
  EXPECT_EQ(describe_config(*again), text);
}

}  // namespace
}  // namespace restjwt
