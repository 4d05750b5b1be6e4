// Every message of the config loader: TOML (and environment) in, the exact line out.
#include <gtest/gtest.h>

#include "restjwt/config.hpp"
#include "unit/config/config_test_support.hpp"

namespace restjwt {
namespace {

using test::env_of;
using test::kSecret;

struct BadConfig {
  std::string name;
  std::string toml;
  std::map<std::string, std::string> env;
  std::string error;
};

class ConfigErrors : public ::testing::TestWithParam<BadConfig> {};

TEST_P(ConfigErrors, NameKeyValueAndExpectation) {
  std::map<std::string, std::string> env = GetParam().env;
  env.emplace("JWT_SECRET_KEY", kSecret);
  auto config = load_config_text(GetParam().toml, env_of(env));
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error(), GetParam().error);
}

const char* const kBindError =
    R"(expected HOST:PORT with an IP address, e.g. "127.0.0.1:8000", "0.0.0.0:8000" or "[::1]:8000")";
const char* const kDurationError =
    R"(expected a duration: whole seconds (e.g. 10) or "500ms", "30s", "5m", "1h")";
const char* const kRouteError =
    R"(expected a path that starts and ends with '/', without spaces, '?', '#' or '%', e.g. "/api-token-auth/")";

INSTANTIATE_TEST_SUITE_P(
    Config, ConfigErrors,
    ::testing::Values(
        BadConfig{
            "UnknownTable", "[serer]\n", {}, R"([serer]: unknown table; did you mean "server"?)"},
        BadConfig{"UnknownTableNoHint", "[metrics]\n", {}, "[metrics]: unknown table"},
        BadConfig{"KeyOutsideTable",
                  "bind = \"1\"\n",
                  {},
                  "\"bind\" is outside any table: settings belong in [server], [database], "
                  "[passwords], [users], [routes], [throttle], [revocation], [csrf], [cors], "
                  "[keys], [remote_jwks], [simplejwt] or [jwt_auth]"},
        BadConfig{"EnvironmentKeyBadValue",
                  "",
                  {{"RESTJWT_SERVER__THREADS", "many"}},
                  "environment RESTJWT_SERVER__THREADS = \"many\": expected an integer from 1 to "
                  "256"},
        BadConfig{"EnvironmentListBadItem",
                  "",
                  {{"RESTJWT_THROTTLE__TRUSTED_PROXIES", "10.0.0.1, proxy.local"}},
                  "environment RESTJWT_THROTTLE__TRUSTED_PROXIES: expected a list of IP addresses, "
                  "e.g. [\"127.0.0.1\", \"::1\"]"},
        BadConfig{"DatabaseUrlTwice",
                  "",
                  {{"RESTJWT_DATABASE__URL", "sqlite:///a.sqlite3"},
                   {"DATABASE_URL", "sqlite:///b.sqlite3"}},
                  "environment RESTJWT_DATABASE__URL and DATABASE_URL are both set: use one"},
        BadConfig{"TableNotATable", "server = 1\n", {}, "[server] must be a table"},
        BadConfig{"UnknownKey",
                  "[server]\ntreads = 2\n",
                  {},
                  R"([server] treads: unknown setting; did you mean "threads"?)"},
        BadConfig{"UnknownJwtKey",
                  "[jwt_auth]\nJWT_LEWAY = 1\n",
                  {},
                  R"([jwt_auth] JWT_LEWAY: unknown setting; did you mean "JWT_LEEWAY"?)"},
        BadConfig{"ThreadsZero",
                  "[server]\nthreads = 0\n",
                  {},
                  "[server] threads = 0: expected an integer from 1 to 256"},
        BadConfig{"ThreadsString",
                  "[server]\nthreads = \"2\"\n",
                  {},
                  "[server] threads = \"2\": expected an integer from 1 to 256"},
        BadConfig{"BindName",
                  "[server]\nbind = \"example.com:80\"\n",
                  {},
                  std::string("[server] bind = \"example.com:80\": ") + kBindError},
        BadConfig{"BindNoPort",
                  "[server]\nbind = \"127.0.0.1\"\n",
                  {},
                  std::string("[server] bind = \"127.0.0.1\": ") + kBindError},
        BadConfig{"BindPortRange",
                  "[server]\nbind = \"127.0.0.1:65536\"\n",
                  {},
                  std::string("[server] bind = \"127.0.0.1:65536\": ") + kBindError},
        BadConfig{"BindIpv6NoBrackets",
                  "[server]\nbind = \"::1:80\"\n",
                  {},
                  std::string("[server] bind = \"::1:80\": ") + kBindError},
        BadConfig{"TimeoutWord",
                  "[server]\nheader_timeout = \"fast\"\n",
                  {},
                  std::string("[server] header_timeout = \"fast\": ") + kDurationError},
        BadConfig{"TimeoutZero",
                  "[server]\nidle_timeout = 0\n",
                  {},
                  "[server] idle_timeout = 0: expected a duration greater than zero"},
        BadConfig{"TimeoutNegative",
                  "[server]\nbody_timeout = -1\n",
                  {},
                  std::string("[server] body_timeout = -1: ") + kDurationError},
        BadConfig{"HeaderLimitSmall",
                  "[server]\nmax_header_bytes = 10\n",
                  {},
                  "[server] max_header_bytes = 10: expected an integer from 1024 to 1048576"},
        BadConfig{"BodyLimitHuge",
                  "[server]\nmax_body_bytes = 2147483648\n",
                  {},
                  "[server] max_body_bytes = 2147483648: expected an integer from 0 to 1073741824"},
        BadConfig{"MaxConnectionsZero",
                  "[server]\nmax_connections = 0\n",
                  {},
                  "[server] max_connections = 0: expected an integer from 1 to 1000000"},
        BadConfig{"AccessLogString",
                  "[server]\naccess_log = \"yes\"\n",
                  {},
                  "[server] access_log = \"yes\": expected true or false"},
        BadConfig{"DatabaseScheme",
                  "[database]\nurl = \"mysql://u:p@h/db\"\n",
                  {},
                  "[database] url: unsupported database URL scheme \"mysql\" (expected sqlite:// "
                  "or postgresql://)"},
        BadConfig{"DatabaseEmpty",
                  "[database]\nurl = \"\"\n",
                  {},
                  "[database] url = \"\": expected a non-empty string"},
        BadConfig{"DatabaseEnv",
                  "",
                  {{"DATABASE_URL", "redis://x"}},
                  "environment DATABASE_URL: unsupported database URL scheme \"redis\" (expected "
                  "sqlite:// or postgresql://)"},
        BadConfig{"PoolSize",
                  "[database]\npool_size = 0\n",
                  {},
                  "[database] pool_size = 0: expected an integer from 1 to 1024"},
        BadConfig{"StatementTimeout",
                  "[database]\nstatement_timeout = \"soon\"\n",
                  {},
                  std::string("[database] statement_timeout = \"soon\": ") + kDurationError},
        BadConfig{"HashersEmpty",
                  "[passwords]\nhashers = []\n",
                  {},
                  "[passwords] hashers = []: expected a non-empty list of hasher names, e.g. "
                  "[\"pbkdf2_sha256\", \"argon2\"]"},
        BadConfig{"HashersString",
                  "[passwords]\nhashers = \"argon2\"\n",
                  {},
                  "[passwords] hashers = \"argon2\": expected a non-empty list of hasher names, "
                  "e.g. [\"pbkdf2_sha256\", \"argon2\"]"},
        BadConfig{"HashersNumber",
                  "[passwords]\nhashers = [\"argon2\", 3]\n",
                  {},
                  "[passwords] hashers = […]: expected a non-empty list of hasher names, e.g. "
                  "[\"pbkdf2_sha256\", \"argon2\"]"},
        BadConfig{"HasherUnknown",
                  "[passwords]\nhashers = [\"argon3\"]\n",
                  {},
                  "[passwords] hashers: unknown password hasher \"argon3\"; known hashers: "
                  "pbkdf2_sha256, pbkdf2_sha1, argon2, bcrypt_sha256, bcrypt, scrypt, md5, sha1, "
                  "unsalted_md5, unsalted_sha1"},
        BadConfig{"HasherLegacyFirst",
                  "[passwords]\nhashers = [\"md5\", \"argon2\"]\n",
                  {},
                  "[passwords] hashers: password hasher \"md5\" only verifies legacy hashes and "
                  "cannot be the first (preferred) one"},
        BadConfig{"Iterations",
                  "[passwords]\npbkdf2_iterations = 0\n",
                  {},
                  "[passwords] pbkdf2_iterations = 0: expected an integer from 1 to 100000000"},
        BadConfig{"TableName",
                  "[users]\ntable = \"auth user\"\n",
                  {},
                  "[users] table = \"auth user\": expected a name of letters, digits and '_'"},
        BadConfig{"UsernameFieldEmpty",
                  "[users]\nusername_field = \"\"\n",
                  {},
                  "[users] username_field = \"\": expected a name of letters, digits and '_'"},
        BadConfig{"EmailField",
                  "[users]\nemail_field = \"e-mail\"\n",
                  {},
                  "[users] email_field = \"e-mail\": expected a column name (letters, digits, "
                  "'_') or \"\""},
        BadConfig{"IdType",
                  "[users]\nid_type = \"int\"\n",
                  {},
                  "[users] id_type = \"int\": expected one of integer, uuid"},
        BadConfig{"InactiveLogin",
                  "[users]\nallow_inactive_login = 1\n",
                  {},
                  "[users] allow_inactive_login = 1: expected true or false"},
        BadConfig{"RouteNoTrailingSlash",
                  "[routes]\nobtain = \"/api-token-auth\"\n",
                  {},
                  std::string("[routes] obtain = \"/api-token-auth\": ") + kRouteError},
        BadConfig{"RouteQuery",
                  "[routes]\nuser = \"/me/?x=/\"\n",
                  {},
                  std::string("[routes] user = \"/me/?x=/\": ") + kRouteError},
        BadConfig{
            "RoutesEqual",
            "[routes]\nverify = \"/t/\"\nrefresh = \"/t/\"\n",
            {},
            "[routes] verify and [routes] refresh are both \"/t/\": expected a different path for "
            "each route"},
        BadConfig{"CorsOriginWithPath",
                  "[cors]\nallowed_origins = [\"https://app.example.com/\"]\n",
                  {},
                  "[cors] allowed_origins: expected a list of "
                  "origins, e.g. [\"https://app.example.com\"] (scheme and host, no path)"},
        BadConfig{"CorsRegexThatDoesNotCompile",
                  "[cors]\nallowed_origin_regexes = [\"https://(app\"]\n",
                  {},
                  "[cors] allowed_origin_regexes: \"https://(app\" is not an ECMAScript regular "
                  "expression (Mismatched '(' and ')' in regular expression)"},
        BadConfig{"CorsHeaderName",
                  "[cors]\nallow_headers = [\"x auth\"]\n",
                  {},
                  "[cors] allow_headers: expected a list of header names, e.g. "
                  "[\"authorization\", \"content-type\"]"},
        BadConfig{
            "CorsMaxAgeFromEnvironment",
            "",
            {{"RESTJWT_CORS__MAX_AGE", "soon"}},
            "environment RESTJWT_CORS__MAX_AGE = \"soon\": expected whole seconds (e.g. 300) or a "
            "duration like \"90s\", \"5m\", \"1h\", \"7d\""},
        BadConfig{"VerifyFalse",
                  "[jwt_auth]\nJWT_VERIFY = false\n",
                  {},
                  "JWT_VERIFY = false is refused: it would accept forged and unsigned tokens"},
        BadConfig{"VerifyFalseEnv",
                  "",
                  {{"JWT_VERIFY", "false"}},
                  "JWT_VERIFY = false is refused: it would accept forged and unsigned tokens"},
        BadConfig{"UserSecretNotColumn",
                  "[jwt_auth]\nJWT_GET_USER_SECRET_KEY = \"jwt_secret\"\n",
                  {},
                  "JWT_GET_USER_SECRET_KEY = \"jwt_secret\": expected \"column:<name>\", a column "
                  "of the user table holding each user's secret"},
        BadConfig{"Hook",
                  "[jwt_auth]\nJWT_PAYLOAD_HANDLER = \"mine\"\n",
                  {},
                  "JWT_PAYLOAD_HANDLER = \"mine\": unknown hook; this server registers none "
                  "(leave it unset for drf-jwt's default)"},
        BadConfig{"KeyForAlgorithm",
                  "[jwt_auth]\nJWT_ALGORITHM = \"RS256\"\n",
                  {},
                  "RS256 needs JWT_PUBLIC_KEY (to verify) and/or JWT_PRIVATE_KEY (to sign), as "
                  "PEM"}),
    [](const auto& test_case) { return test_case.param.name; });

}  // namespace
}  // namespace restjwt
