// [throttle] and [csrf]: values, defaults and messages.
#include <gtest/gtest.h>

#include "restjwt/config.hpp"

namespace restjwt {
namespace {

Environment with_secret() {
  return [](std::string_view name) -> std::optional<std::string> {
    if (name == "JWT_SECRET_KEY") return std::string(48, 'k');
    return std::nullopt;
  };
}

// On, but only against guessing: drf-jwt clients that are not guessing passwords never see a 429
// (and a proxy missing from trusted_proxies cannot turn a per-address limit into an outage).
TEST(ThrottleConfig, DefaultsSlowDownGuessingOnly) {
  const auto config = load_config_text("", with_secret()).value();
  EXPECT_TRUE(config.throttle.enabled);
  EXPECT_FALSE(config.throttle.address_rate.has_value());
  EXPECT_FALSE(config.throttle.username_rate.has_value());
  EXPECT_EQ(config.throttle.failures_before_backoff, 20U);
  EXPECT_EQ(config.throttle.backoff_max, std::chrono::minutes(15));
  EXPECT_EQ(config.throttle.storage, ThrottleConfig::Storage::kMemory);
}

TEST(ThrottleConfig, ReadsEveryKey) {
  const auto config = load_config_text(R"(
[throttle]
storage = "database"
address_rate = "100/hour"
username_rate = false
failures_before_backoff = 3
backoff_base = "2s"
backoff_max = "1h"
trusted_proxies = ["127.0.0.1", "::1"]
[csrf]
trusted_origins = ["https://app.example.com"]
)",
                                       with_secret())
                          .value();
  EXPECT_EQ(config.throttle.storage, ThrottleConfig::Storage::kDatabase);
  EXPECT_EQ(config.throttle.address_rate->period, std::chrono::hours(1));
  EXPECT_FALSE(config.throttle.username_rate.has_value());
  EXPECT_EQ(config.throttle.failures_before_backoff, 3U);
  EXPECT_EQ(config.throttle.backoff_base, std::chrono::seconds(2));
  EXPECT_EQ(config.throttle.trusted_proxies.size(), 2U);
  EXPECT_EQ(config.csrf.trusted_origins.front(), "https://app.example.com");
  const std::string described = describe_config(config);
  EXPECT_NE(described.find("storage = \"database\""), std::string::npos) << described;
  EXPECT_NE(described.find("trusted_origins = [\"https://app.example.com\"]"), std::string::npos)
      << described;
}

TEST(ThrottleConfig, BadValuesNameKeyValueAndExpectation) {
  const auto error = [](const std::string& toml) {
    return load_config_text(toml, with_secret()).error();
  };
  EXPECT_EQ(error("[throttle]\naddress_rate = \"5/week\"\n"),
            "[throttle] address_rate = \"5/week\": expected a rate like \"5/min\", \"100/hour\" "
            "(s, min, hour, day), or false");
  EXPECT_EQ(error("[throttle]\nstorage = \"redis\"\n"),
            "[throttle] storage = \"redis\": expected one of memory, database");
  EXPECT_EQ(
      error("[throttle]\ntrusted_proxies = [\"proxy.local\"]\n"),
      "[throttle] trusted_proxies: expected a list of IP addresses, e.g. [\"127.0.0.1\", \"::1\"]");
  EXPECT_EQ(error("[csrf]\ntrusted_origins = [\"https://a.example/path\"]\n"),
            "[csrf] trusted_origins: expected a list of origins, e.g. "
            "[\"https://app.example.com\"] (scheme and host, no path)");
  EXPECT_NE(error("[throttle]\naddres_rate = \"5/min\"\n").find("did you mean \"address_rate\"?"),
            std::string::npos);
}

TEST(DatabaseConfig, SslmodeIsOneOfLibpqs) {
  EXPECT_EQ(
      load_config_text("[database]\nsslmode = \"verify-full\"\n", with_secret())->database.sslmode,
      "verify-full");
  EXPECT_EQ(load_config_text("[database]\nsslmode = \"strict\"\n", with_secret()).error(),
            "[database] sslmode = \"strict\": expected one of disable, allow, prefer, require, "
            "verify-ca, verify-full");
}

}  // namespace
}  // namespace restjwt
