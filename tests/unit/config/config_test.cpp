#include "restjwt/config.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "unit/config/config_test_support.hpp"

namespace restjwt {
namespace {

using test::env_of;
using test::kSecret;
using test::with_secret;

Config load_ok(std::string_view toml, const Environment& env = with_secret()) {
  auto config = load_config_text(toml, env);
  EXPECT_TRUE(config.has_value()) << (config ? "" : config.error());
  return config ? *config : Config{};
}

TEST(ConfigLoad, NoFileGivesDefaultsAndEnvironment) {
  auto config = load_config("", with_secret());
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->source, "");
  EXPECT_EQ(config->server.bind.to_string(), "127.0.0.1:8000");
  EXPECT_EQ(config->server.io_threads, 0U);
  EXPECT_EQ(config->server.limits.max_header_bytes, 16U * 1024);
  EXPECT_EQ(config->server.limits.max_body_bytes, 64U * 1024);
  EXPECT_EQ(config->database.url, "sqlite:///var/restjwt.sqlite3");
  EXPECT_EQ(config->database.parsed.location, "var/restjwt.sqlite3");
  EXPECT_EQ(config->passwords.hashers.front(), "pbkdf2_sha256");
  EXPECT_EQ(config->passwords.options.pbkdf2_iterations, 1'000'000U);
  EXPECT_EQ(config->passwords.options.argon2_memory_cost_kib, 102'400U);
  EXPECT_EQ(config->passwords.options.bcrypt_rounds, 12U);
  EXPECT_EQ(config->users.schema.table, "auth_user");
  EXPECT_EQ(config->routes.obtain, "/api-token-auth/");
  EXPECT_EQ(config->jwt.secret_key, kSecret);
}

TEST(ServerOptionsDefaults, EveryCoreHashesAtALowerPriorityThanTheIoThreads) {
  const ServerOptions defaults;
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  EXPECT_EQ(effective_hash_threads(defaults), cores);
  EXPECT_EQ(effective_io_threads(defaults), cores);
  EXPECT_EQ(defaults.hash_nice, 10);
  ServerOptions chosen;
  chosen.hash_threads = 3;
  EXPECT_EQ(effective_hash_threads(chosen), 3U);
}

TEST(ConfigLoad, ReadsEveryTable) {
  const Config c = load_ok(R"(
[server]
bind = "[::1]:9000"
threads = 3
hash_threads = 2
hash_queue = 7
db_queue = 9
access_log = false
max_connections = 100
max_header_bytes = 4096
max_body_bytes = 2048
header_timeout = "250ms"
body_timeout = "2s"
idle_timeout = 5
write_timeout = "1m"
shutdown_timeout = 0
[database]
url = "sqlite:////srv/db.sqlite3"
pool_size = 8
connect_timeout = 3
statement_timeout = "1500ms"
[passwords]
hashers = ["argon2", "pbkdf2_sha256"]
pbkdf2_iterations = 600000
argon2_time_cost = 3
argon2_memory_cost = 65536
argon2_parallelism = 4
bcrypt_rounds = 10
scrypt_work_factor = 32768
scrypt_parallelism = 2
[users]
table = "accounts_user"
username_field = "email"
id_type = "uuid"
email_field = "email"
allow_inactive_login = true
[routes]
obtain = "/auth/obtain/"
verify = "/auth/verify/"
refresh = "/auth/refresh/"
user = "/me/"
[jwt_auth]
JWT_EXPIRATION_DELTA = "1h"
JWT_GET_USER_SECRET_KEY = "column:jwt_secret"
)");
  EXPECT_EQ(c.server.bind.host, "::1");
  EXPECT_EQ(c.server.bind.port, 9000);
  EXPECT_EQ(c.server.io_threads, 3U);
  EXPECT_EQ(c.server.hash_threads, 2U);
  EXPECT_EQ(c.server.hash_queue, 7U);
  EXPECT_EQ(c.server.db_queue, 9U);
  EXPECT_FALSE(c.log.access_log);
  EXPECT_EQ(c.server.limits.max_connections, 100U);
  EXPECT_EQ(c.server.limits.max_header_bytes, 4096U);
  EXPECT_EQ(c.server.limits.max_body_bytes, 2048U);
  EXPECT_EQ(c.server.limits.header_timeout, std::chrono::milliseconds(250));
  EXPECT_EQ(c.server.limits.body_timeout, std::chrono::seconds(2));
  EXPECT_EQ(c.server.limits.idle_timeout, std::chrono::seconds(5));
  EXPECT_EQ(c.server.limits.write_timeout, std::chrono::minutes(1));
  EXPECT_EQ(c.server.limits.shutdown_timeout, std::chrono::milliseconds(0));
  EXPECT_EQ(c.database.parsed.location, "/srv/db.sqlite3");
  EXPECT_EQ(c.database.pool_size, 8U);
  EXPECT_EQ(c.database.connect_timeout, std::chrono::seconds(3));
  EXPECT_EQ(c.database.statement_timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(c.passwords.hashers, (std::vector<std::string>{"argon2", "pbkdf2_sha256"}));
  EXPECT_EQ(c.passwords.options.pbkdf2_iterations, 600000U);
  EXPECT_EQ(c.passwords.options.argon2_time_cost, 3U);
  EXPECT_EQ(c.passwords.options.argon2_memory_cost_kib, 65536U);
  EXPECT_EQ(c.passwords.options.argon2_parallelism, 4U);
  EXPECT_EQ(c.passwords.options.bcrypt_rounds, 10U);
  EXPECT_EQ(c.passwords.options.scrypt_work_factor, 32768U);
  EXPECT_EQ(c.passwords.options.scrypt_block_size, 8U);
  EXPECT_EQ(c.passwords.options.scrypt_parallelism, 2U);
  EXPECT_EQ(c.users.schema.table, "accounts_user");
  EXPECT_EQ(c.users.schema.username_field, "email");
  EXPECT_EQ(c.users.schema.id_type, UserTableSchema::IdType::kUuid);
  EXPECT_EQ(c.users.schema.secret_column, "jwt_secret");
  EXPECT_TRUE(c.users.allow_inactive_login);
  EXPECT_EQ(c.routes.user, "/me/");
  EXPECT_EQ(c.jwt.expiration_delta, std::chrono::hours(1));
}

TEST(ConfigLoad, DjangoVersionGivesThatDjangosHashersAndWorkFactors) {
  const Config five = load_ok("");
  EXPECT_FALSE(five.users.update_last_login);
  EXPECT_TRUE(load_ok("[users]\nupdate_last_login = true\n").users.update_last_login);
  EXPECT_EQ(five.passwords.django_version, "5.2");
  EXPECT_EQ(five.passwords.options.pbkdf2_iterations, 1'000'000U);
  const Config three = load_ok("[passwords]\ndjango_version = \"3.2\"\n");
  EXPECT_EQ(three.passwords.hashers,
            (std::vector<std::string>{"pbkdf2_sha256", "pbkdf2_sha1", "argon2", "bcrypt_sha256"}));
  EXPECT_EQ(three.passwords.options.pbkdf2_iterations, 260'000U);
  EXPECT_EQ(three.passwords.options.argon2_time_cost, 2U);
  EXPECT_EQ(three.passwords.options.argon2_memory_cost_kib, 102'400U);
  EXPECT_EQ(three.passwords.options.argon2_parallelism, 8U);
  EXPECT_EQ(three.passwords.options.bcrypt_rounds, 12U);
  const Config four = load_ok("", with_secret({{"RESTJWT_PASSWORDS__DJANGO_VERSION", "4.2"}}));
  EXPECT_EQ(four.passwords.options.pbkdf2_iterations, 600'000U);
  EXPECT_EQ(four.passwords.hashers.back(), "scrypt");
  EXPECT_EQ(four.passwords.options.scrypt_work_factor, 16384U);
  // Keys set in the file or the environment win, whatever their order.
  const Config mixed = load_ok(
      "[passwords]\nargon2_time_cost = 3\ndjango_version = \"5.2\"\npbkdf2_iterations = 300000\n",
      with_secret({{"RESTJWT_PASSWORDS__DJANGO_VERSION", "3.2"},
                   {"RESTJWT_PASSWORDS__HASHERS", "argon2,pbkdf2_sha256"}}));
  EXPECT_EQ(mixed.passwords.django_version, "3.2");
  EXPECT_EQ(mixed.passwords.options.pbkdf2_iterations, 300'000U);
  EXPECT_EQ(mixed.passwords.options.argon2_time_cost, 3U);
  EXPECT_EQ(mixed.passwords.options.bcrypt_rounds, 12U);
  EXPECT_EQ(mixed.passwords.hashers, (std::vector<std::string>{"argon2", "pbkdf2_sha256"}));
  const auto unknown = load_config_text("[passwords]\ndjango_version = \"4.1\"\n", with_secret());
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error(),
            R"([passwords] django_version = "4.1": expected one of 3.2, 4.2, 5.2)");
}

TEST(ConfigLoad, CorsTable) {
  const Config off = load_ok("");
  EXPECT_FALSE(off.cors.enabled());
  EXPECT_EQ(off.cors.allow_methods,
            (std::vector<std::string>{"DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"}));
  EXPECT_EQ(off.cors.max_age, std::chrono::seconds(86400));
  const Config c = load_ok(R"([cors]
allowed_origins = ["https://app.example.com", "http://localhost:3000"]
allowed_origin_regexes = ["https://\\w+\\.example\\.com"]
allow_credentials = true
allow_headers = ["authorization", "content-type"]
allow_methods = ["GET", "POST"]
max_age = "1h"
expose_headers = ["x-auth-username"]
)",
                           with_secret({{"RESTJWT_CORS__EXPOSE_HEADERS", "x-auth-user-id, x-a"}}));
  EXPECT_TRUE(c.cors.enabled());
  EXPECT_EQ(c.cors.allowed_origins,
            (std::vector<std::string>{"https://app.example.com", "http://localhost:3000"}));
  EXPECT_EQ(c.cors.allowed_origin_regexes,
            (std::vector<std::string>{R"(https://\w+\.example\.com)"}));
  EXPECT_TRUE(c.cors.allow_credentials);
  EXPECT_EQ(c.cors.allow_headers, (std::vector<std::string>{"authorization", "content-type"}));
  EXPECT_EQ(c.cors.allow_methods, (std::vector<std::string>{"GET", "POST"}));
  EXPECT_EQ(c.cors.max_age, std::chrono::hours(1));
  EXPECT_EQ(c.cors.expose_headers, (std::vector<std::string>{"x-auth-user-id", "x-a"}));
  const Config again = load_ok(describe_config(c));
  EXPECT_EQ(describe_config(again), describe_config(c));
}

TEST(ConfigLoad, TokenIdAndTheRevocationTable) {
  const Config off = load_ok("");
  EXPECT_EQ(off.jwt.token_id, TokenId::kOff);  // drf-jwt's tokens
  EXPECT_EQ(off.routes.revoke, "/api-token-revoke/");
  EXPECT_EQ(off.revocation.poll_interval, std::chrono::seconds(5));
  EXPECT_EQ(off.revocation.purge_interval, std::chrono::minutes(10));
  const Config c = load_ok(R"([routes]
revoke = "/logout/"
[revocation]
poll_interval = "2s"
purge_interval = "1h"
[jwt_auth]
JWT_TOKEN_ID = "include"
)",
                           with_secret({{"RESTJWT_REVOCATION__POLL_INTERVAL", "3"}}));
  EXPECT_EQ(c.jwt.token_id, TokenId::kInclude);
  EXPECT_EQ(c.routes.revoke, "/logout/");
  EXPECT_EQ(c.revocation.poll_interval, std::chrono::seconds(3));
  EXPECT_EQ(c.revocation.purge_interval, std::chrono::hours(1));
  EXPECT_EQ(load_ok("", with_secret({{"JWT_TOKEN_ID", "require"}})).jwt.token_id,
            TokenId::kRequire);
  const auto wrong = load_config_text("[jwt_auth]\nJWT_TOKEN_ID = \"on\"\n", with_secret());
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error(),
            "[jwt_auth] JWT_TOKEN_ID = \"on\": expected one of off, include, require");
  const Config again = load_ok(describe_config(c));
  EXPECT_EQ(describe_config(again), describe_config(c));
}

TEST(ConfigLoad, EnvironmentOverridesTheFile) {
  const Config c =
      load_ok("[database]\nurl = \"sqlite:///file.sqlite3\"\n[jwt_auth]\nJWT_LEEWAY = 5\n",
              with_secret({{"DATABASE_URL", "sqlite:///env.sqlite3"}, {"JWT_LEEWAY", "7"}}));
  EXPECT_EQ(c.database.url, "sqlite:///env.sqlite3");
  EXPECT_EQ(c.database.parsed.location, "env.sqlite3");
  EXPECT_EQ(c.jwt.leeway, std::chrono::seconds(7));
}

TEST(ConfigLoad, EmptyEmailFieldMeansNoEmailColumn) {
  EXPECT_EQ(load_ok("[users]\nemail_field = \"\"\n").users.schema.email_field, "");
}

TEST(ConfigLoad, ReadsAFile) {
  char path[] = "/tmp/restjwt-config-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << "[server]\nbind = \"0.0.0.0:0\"\n";
  auto config = load_config(path, with_secret());
  std::remove(path);
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->source, path);
  EXPECT_EQ(config->server.bind.to_string(), "0.0.0.0:0");
}

TEST(ConfigLoad, MissingFileIsAnError) {
  auto config = load_config("/nonexistent/restjwt.toml", with_secret());
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error(),
            "cannot read config file \"/nonexistent/restjwt.toml\": No such file or directory");
}

TEST(ConfigLoad, SyntaxErrorNamesFileAndLine) {
  auto config = load_config_text("[server]\nbind = \n", with_secret(), "my.toml");
  ASSERT_FALSE(config);
  EXPECT_TRUE(config.error().starts_with("my.toml:2: TOML syntax error: ")) << config.error();
}

TEST(ConfigLoad, ShortSecretIsRefusedAtLoad) {
  auto config = load_config_text("", env_of({{"JWT_SECRET_KEY", "short"}}));
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error(), "JWT_SECRET_KEY: the HMAC secret must be at least 32 bytes, got 5");
}

TEST(ConfigLoad, MissingSecretIsAStartUpError) {
  auto config = load_config_text("", env_of({}));
  ASSERT_FALSE(config);
  EXPECT_TRUE(config.error().starts_with("JWT_SECRET_KEY is not set")) << config.error();
}

TEST(ConfigLoad, SecretsAreNeverEchoed) {
  auto config = load_config_text("[jwt_auth]\nJWT_SECRET_KEY = 12345\n", env_of({}));
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().find("12345"), std::string::npos) << config.error();
}

TEST(DescribeConfig, PrintsEffectiveSettingsWithSecretsRedacted) {
  Config c = load_ok("[server]\nbind = \"0.0.0.0:8080\"\nheader_timeout = \"1500ms\"\n",
                     with_secret({{"DATABASE_URL", "postgresql://app:hunter2@db:5432/app"}}));
  const std::string text = describe_config(c);
  EXPECT_NE(text.find("bind = \"0.0.0.0:8080\"\n"), std::string::npos) << text;
  EXPECT_NE(text.find("header_timeout = \"1500ms\"\n"), std::string::npos) << text;
  EXPECT_NE(text.find("idle_timeout = 30\n"), std::string::npos) << text;
  EXPECT_NE(text.find("url = \"postgresql://app:<redacted>@db:5432/app\"\n"), std::string::npos);
  EXPECT_NE(text.find("# JWT_SECRET_KEY = <redacted, 48 bytes>\n"), std::string::npos) << text;
  EXPECT_NE(text.find("JWT_EXPIRATION_DELTA = 300\n"), std::string::npos) << text;
  EXPECT_EQ(text.find(kSecret), std::string::npos);
  EXPECT_EQ(text.find("hunter2"), std::string::npos);
}

TEST(DescribeConfig, OutputLoadsBackAsTheSameConfig) {
  const Config c = load_ok(
      "[server]\nbind = \"[::]:1\"\nwrite_timeout = \"2500ms\"\n"
      "[users]\nemail_field = \"\"\n[routes]\nuser = \"/who/\"\n");
  const Config again = load_ok(describe_config(c));
  EXPECT_EQ(describe_config(again), describe_config(c));
}

TEST(ConfigEnvironment, EveryKeyIsSettableByItsVariable) {
  const Config c = load_ok("[server]\nbind = \"127.0.0.1:1\"\n",
                           with_secret({{"RESTJWT_SERVER__BIND", "[::1]:8080"},
                                        {"RESTJWT_SERVER__IDLE_TIMEOUT", "1500ms"},
                                        {"RESTJWT_SERVER__ACCESS_LOG", "false"},
                                        {"RESTJWT_DATABASE__POOL_SIZE", "7"},
                                        {"RESTJWT_USERS__ID_TYPE", "uuid"},
                                        {"RESTJWT_ROUTES__USER", "/me/"},
                                        {"RESTJWT_THROTTLE__ADDRESS_RATE", "5/min"},
                                        {"RESTJWT_THROTTLE__TRUSTED_PROXIES", "10.0.0.1, ::1"},
                                        {"RESTJWT_CSRF__TRUSTED_ORIGINS", "https://a.example"},
                                        {"RESTJWT_PASSWORDS__HASHERS", "argon2,pbkdf2_sha256"},
                                        {"JWT_LEEWAY", "30"}}));
  EXPECT_EQ(c.server.bind.to_string(), "[::1]:8080");  // the environment wins over the file
  EXPECT_EQ(c.server.limits.idle_timeout, std::chrono::milliseconds(1500));
  EXPECT_FALSE(c.log.access_log);
  EXPECT_EQ(c.database.pool_size, 7U);
  EXPECT_EQ(c.users.schema.id_type, UserTableSchema::IdType::kUuid);
  EXPECT_EQ(c.routes.user, "/me/");
  EXPECT_EQ(c.throttle.address_rate->requests, 5U);
  EXPECT_EQ(c.throttle.trusted_proxies, (std::vector<std::string>{"10.0.0.1", "::1"}));
  EXPECT_EQ(c.csrf.trusted_origins, (std::vector<std::string>{"https://a.example"}));
  EXPECT_EQ(c.passwords.hashers, (std::vector<std::string>{"argon2", "pbkdf2_sha256"}));
  EXPECT_EQ(c.jwt.leeway, std::chrono::seconds(30));
  EXPECT_TRUE(c.warnings.empty());
}

TEST(ConfigEnvironment, UnknownRestjwtAndJwtVariablesAreWarnedAbout) {
  const Config c = load_ok("", with_secret({{"RESTJWT_SERVER__BIN", "0.0.0.0:1"},
                                            {"JWT_LEWAY", "5"},
                                            {"JWT_SECRET_KEY_FILE_BACKUP", "x"},
                                            {"HOME", "/root"},
                                            {"RESTJWT_SERVER__BIND", "127.0.0.1:9"}}));
  EXPECT_EQ(c.server.bind.port, 9);
  ASSERT_EQ(c.warnings.size(), 3U);
  EXPECT_EQ(c.warnings[0],
            "environment JWT_LEWAY is not a setting and is ignored; did you mean \"JWT_LEEWAY\"?");
  EXPECT_TRUE(c.warnings[1].starts_with("environment JWT_SECRET_KEY_FILE_BACKUP is not a setting"));
  EXPECT_EQ(c.warnings[2],
            "environment RESTJWT_SERVER__BIN is not a setting and is ignored; did you mean "
            "\"RESTJWT_SERVER__BIND\"?");
}

TEST(RedactDatabaseUrl, HidesPasswordsOnly) {
  EXPECT_EQ(redact_database_url("sqlite:///var/x.sqlite3"), "sqlite:///var/x.sqlite3");
  EXPECT_EQ(redact_database_url("postgresql://u@h/db"), "postgresql://u@h/db");
  EXPECT_EQ(redact_database_url("postgresql://u:p%40ss@h/db"), "postgresql://u:<redacted>@h/db");
  EXPECT_EQ(redact_database_url("postgres://h/db?user=u&password=secret&sslmode=require"),
            "postgres://h/db?user=u&password=<redacted>&sslmode=require");
}

TEST(BindAddress, ParsesIpv4Ipv6AndLocalhost) {
  EXPECT_EQ(parse_bind_address("127.0.0.1:8000")->to_string(), "127.0.0.1:8000");
  EXPECT_EQ(parse_bind_address("[::1]:8000")->host, "::1");
  EXPECT_EQ(parse_bind_address("[::]:0")->to_string(), "[::]:0");
  EXPECT_EQ(parse_bind_address("localhost:80")->host, "127.0.0.1");
  EXPECT_FALSE(parse_bind_address(":80"));
  EXPECT_FALSE(parse_bind_address("1.2.3:80"));
  EXPECT_FALSE(parse_bind_address("[1.2.3.4]:80"));
  EXPECT_FALSE(parse_bind_address("127.0.0.1:+80"));
  EXPECT_FALSE(parse_bind_address("127.0.0.1:"));
}

}  // namespace
}  // namespace restjwt
