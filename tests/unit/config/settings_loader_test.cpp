// Settings (wire contract §14): drf-jwt's names and defaults, durations, environment
// overrides, NAME_FILE secrets, and errors that name the key, the value and what was expected.
#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "restjwt/config.hpp"
#include "support/temp_dir.hpp"

namespace restjwt {
namespace {

using std::chrono::seconds;

Environment env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    const auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

const std::string kSecretLine = "JWT_SECRET_KEY = \"0123456789abcdef0123456789abcdef\"\n";

std::string error_of(const std::string& jwt_auth, std::map<std::string, std::string> env = {}) {
  const auto settings = load_settings("[jwt_auth]\n" + kSecretLine + jwt_auth, env_of(env));
  return settings ? "" : settings.error();
}

TEST(SettingsLoader, DefaultsAreDrfJwts) {
  const auto settings = load_settings("", env_of({}));
  ASSERT_TRUE(settings) << settings.error();
  EXPECT_EQ(settings->secret_key, "");  // no built-in secret (wire contract §15.7)
  EXPECT_EQ(settings->algorithm, Algorithm::kHS256);
  EXPECT_TRUE(settings->verify);
  EXPECT_TRUE(settings->verify_expiration);
  EXPECT_EQ(settings->leeway, seconds(0));
  EXPECT_EQ(settings->expiration_delta, seconds(300));
  EXPECT_FALSE(settings->audience);
  EXPECT_FALSE(settings->issuer);
  EXPECT_FALSE(settings->allow_refresh);
  EXPECT_EQ(settings->refresh_expiration_delta, seconds(7 * 24 * 3600));
  EXPECT_EQ(settings->auth_header_prefixes, std::vector<std::string>{"JWT"});
  EXPECT_FALSE(settings->auth_cookie);
  EXPECT_EQ(settings->get_user_secret_key, "");
}

TEST(SettingsLoader, DurationsAreSecondsOrANumberWithAUnit) {
  const std::pair<const char*, std::optional<long>> cases[] = {
      {"0", 0},
      {"300", 300},
      {"90s", 90},
      {"5m", 300},
      {"1h", 3600},
      {"7d", 604800},
      {"-1", std::nullopt},
      {"", std::nullopt},
      {"5 m", std::nullopt},
      {"5M", std::nullopt},
      {"1.5h", std::nullopt},
      {"m", std::nullopt},
      {"7x", std::nullopt},
      {"99999999999999999999", std::nullopt}};
  for (const auto& [text, expected] : cases) {
    const auto parsed = parse_duration(text);
    if (expected) {
      ASSERT_TRUE(parsed) << text;
      EXPECT_EQ(parsed->count(), *expected) << text;
    } else {
      EXPECT_FALSE(parsed) << text;
    }
  }
  const auto settings = load_settings(
      "[jwt_auth]\nJWT_EXPIRATION_DELTA = \"5m\"\nJWT_REFRESH_EXPIRATION_DELTA = \"7d\"\n"
      "JWT_LEEWAY = 10\n",
      env_of({}));
  ASSERT_TRUE(settings) << settings.error();
  EXPECT_EQ(settings->expiration_delta, seconds(300));
  EXPECT_EQ(settings->refresh_expiration_delta, seconds(604800));
  EXPECT_EQ(settings->leeway, seconds(10));
}

TEST(SettingsLoader, BadValuesNameTheKeyTheValueAndWhatWasExpected) {
  EXPECT_EQ(error_of("JWT_LEEWAY = \"soon\"\n"),
            "[jwt_auth] JWT_LEEWAY = \"soon\": expected whole seconds (e.g. 300) or a duration "
            "like \"90s\", \"5m\", \"1h\", \"7d\"");
  EXPECT_EQ(error_of("JWT_EXPIRATION_DELTA = -5\n"),
            "[jwt_auth] JWT_EXPIRATION_DELTA = -5: expected a duration that is not negative");
  EXPECT_EQ(error_of("JWT_ALLOW_REFRESH = \"yes\"\n"),
            "[jwt_auth] JWT_ALLOW_REFRESH = \"yes\": expected true or false");
  EXPECT_EQ(error_of("JWT_ALGORITHM = \"none\"\n"),
            "[jwt_auth] JWT_ALGORITHM = \"none\": expected one of HS256, HS384, HS512, RS256, "
            "RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA");
  EXPECT_EQ(error_of("JWT_AUDIENCE = 5\n"),
            "[jwt_auth] JWT_AUDIENCE = 5: expected a non-empty string");
  EXPECT_EQ(error_of("", {{"JWT_LEEWAY", "abc"}}),
            "environment JWT_LEEWAY = \"abc\": expected whole seconds (e.g. 300) or a duration "
            "like \"90s\", \"5m\", \"1h\", \"7d\"");
}

TEST(SettingsLoader, UnknownKeysAreErrorsWithAHint) {
  EXPECT_EQ(error_of("JWT_EXPIRATON_DELTA = 5\n"),
            "[jwt_auth] JWT_EXPIRATON_DELTA: unknown setting; did you mean "
            "\"JWT_EXPIRATION_DELTA\"?");
}

TEST(SettingsLoader, TheEnvironmentOverridesTheFile) {
  const auto settings =
      load_settings("[jwt_auth]\nJWT_LEEWAY = 5\nJWT_AUTH_HEADER_PREFIX = \"JWT\"\n",
                    env_of({{"JWT_LEEWAY", "7"},
                            {"JWT_AUTH_HEADER_PREFIX", "Bearer"},
                            {"JWT_ALLOW_REFRESH", "true"},
                            {"JWT_EXPIRATION_DELTA", "1h"}}));
  ASSERT_TRUE(settings) << settings.error();
  EXPECT_EQ(settings->leeway, seconds(7));
  EXPECT_EQ(settings->auth_header_prefixes, std::vector<std::string>{"Bearer"});
  EXPECT_TRUE(settings->allow_refresh);
  EXPECT_EQ(settings->expiration_delta, seconds(3600));
}

TEST(SettingsLoader, HeaderPrefixIsAWordOrAListOfWords) {
  const auto listed =
      load_settings("[jwt_auth]\nJWT_AUTH_HEADER_PREFIX = [\"JWT\", \"Bearer\"]\n", env_of({}));
  ASSERT_TRUE(listed) << listed.error();
  EXPECT_EQ(listed->auth_header_prefixes, (std::vector<std::string>{"JWT", "Bearer"}));
  const auto from_env = load_settings("", env_of({{"JWT_AUTH_HEADER_PREFIX", "Bearer, JWT"}}));
  ASSERT_TRUE(from_env) << from_env.error();
  EXPECT_EQ(from_env->auth_header_prefixes, (std::vector<std::string>{"Bearer", "JWT"}));
  const std::string expectation =
      R"(: expected a word without whitespace ("JWT"), or a list of different words )"
      R"((["JWT", "Bearer"]); the first names WWW-Authenticate)";
  EXPECT_EQ(error_of("JWT_AUTH_HEADER_PREFIX = []\n"),
            "[jwt_auth] JWT_AUTH_HEADER_PREFIX = []" + expectation);
  EXPECT_EQ(error_of("JWT_AUTH_HEADER_PREFIX = \"J W T\"\n"),
            "[jwt_auth] JWT_AUTH_HEADER_PREFIX = \"J W T\"" + expectation);
  EXPECT_NE(error_of("JWT_AUTH_HEADER_PREFIX = [\"JWT\", \"jwt\"]\n"), "");
  EXPECT_NE(error_of("", {{"JWT_AUTH_HEADER_PREFIX", " , "}}), "");
}

TEST(SettingsLoader, NameFileReadsASecretWithOneTrailingNewlineStripped) {
  const testing::TempDir dir;
  const auto path = dir.file("secret");
  std::ofstream(path) << "0123456789abcdef0123456789abcdef-from-file\n";
  const auto settings = load_settings("", env_of({{"JWT_SECRET_KEY_FILE", path}}));
  ASSERT_TRUE(settings) << settings.error();
  EXPECT_EQ(settings->secret_key, "0123456789abcdef0123456789abcdef-from-file");

  const auto both =
      load_settings("", env_of({{"JWT_SECRET_KEY_FILE", path}, {"JWT_SECRET_KEY", "x"}}));
  ASSERT_FALSE(both);
  EXPECT_NE(both.error().find("are both set"), std::string::npos) << both.error();

  const auto missing = load_settings("", env_of({{"JWT_SECRET_KEY_FILE", dir.file("nope")}}));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), "environment JWT_SECRET_KEY_FILE = \"" + dir.file("nope") +
                                 "\": cannot read that file (No such file or directory)");
  const auto directory = load_settings("", env_of({{"JWT_SECRET_KEY_FILE", dir.path().string()}}));
  ASSERT_FALSE(directory);
  EXPECT_NE(directory.error().find("(Is a directory)"), std::string::npos) << directory.error();
}

}  // namespace
}  // namespace restjwt
