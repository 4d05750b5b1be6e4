// Login throttling (wire contract §16.1): before hashing, soft back-off, trusted proxies.
#include "restjwt/throttle.hpp"

#include <algorithm>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "restjwt/sqlite_throttle_counters.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "support/app_fixture.hpp"
#include "support/recording_events.hpp"
#include "support/temp_dir.hpp"

namespace restjwt {
namespace {

using testing::AppFixture;

TEST(ThrottleRate, ParsesDrfRates) {
  EXPECT_EQ(parse_throttle_rate("5/min")->requests, 5U);
  EXPECT_EQ(parse_throttle_rate("5/min")->period, std::chrono::seconds(60));
  EXPECT_EQ(parse_throttle_rate("100/hour")->period, std::chrono::seconds(3600));
  EXPECT_EQ(parse_throttle_rate("3/s")->period, std::chrono::seconds(1));
  EXPECT_EQ(parse_throttle_rate("1/day")->period, std::chrono::seconds(86400));
  for (const auto* bad : {"", "5", "5/", "/min", "0/min", "-1/min", "5/week", "5 /min", "x/min"}) {
    EXPECT_FALSE(parse_throttle_rate(bad).has_value()) << bad;
  }
}

TEST(ThrottledMessage, IsDrfsText) {
  EXPECT_EQ(throttled_message(1), "Request was throttled. Expected available in 1 second.");
  EXPECT_EQ(throttled_message(42), "Request was throttled. Expected available in 42 seconds.");
}

struct Throttled : ::testing::Test {
  std::unique_ptr<ThrottleCounters> counters = make_memory_throttle_counters();
  std::unique_ptr<AppFixture> f;

  void make(ThrottleSettings settings) {
    ApplicationOptions options;
    auto throttle = std::make_shared<LoginThrottle>(settings, *counters, [this] { return f->now; });
    options.throttle = throttle;
    f = std::make_unique<AppFixture>(options);
    f->add_user("alice", "pw");
  }

  HttpResponse login(const std::string& username, const std::string& password,
                     const std::string& client = "10.0.0.1",
                     const std::string& forwarded = "") const {
    HttpRequest request;
    request.method = "POST";
    request.target = "/api-token-auth/";
    request.client_address = client;
    request.headers = {{"Content-Type", "application/json"}};
    if (!forwarded.empty()) request.headers.emplace_back("X-Forwarded-For", forwarded);
    request.body = R"({"username":")" + username + R"(","password":")" + password + R"("})";
    return f->app->handle(request);
  }
};

// The defaults: a client that is not guessing gets drf-jwt's answers however often it logs in
// from one address; the 20th consecutive failure of one username starts the back-off.
TEST_F(Throttled, DefaultsKeepDrfJwtAnswersUntilAUsernameIsGuessed) {
  make(ThrottleSettings{});
  for (int i = 0; i < 200; ++i) {
    ASSERT_EQ(login("alice", "pw").status, 200) << i;
    ASSERT_EQ(login("nobody-" + std::to_string(i), "x").status, 400) << i;
  }
  for (int i = 0; i < 19; ++i) ASSERT_EQ(login("alice", "wrong").status, 400) << i;
  EXPECT_EQ(login("alice", "pw").status, 200);  // 19 failures: no back-off, and it resets
  for (int i = 0; i < 20; ++i) ASSERT_EQ(login("alice", "wrong").status, 400) << i;
  EXPECT_EQ(login("alice", "pw").status, 429);
  f->now += 1;
  EXPECT_EQ(login("alice", "pw").status, 200);
}

TEST_F(Throttled, PerUsernameLimitAnswers429WithRetryAfterEvenForUnknownUsers) {
  ThrottleSettings settings;
  settings.username_rate = ThrottleRate{3, std::chrono::seconds(60)};
  settings.address_rate.reset();
  settings.failures_before_backoff = 100;
  make(settings);
  f->now = 1800000000 - 1800000000 % 60 + 15;  // 45 s left in the window
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(login("ghost", "x", "10.0.0." + std::to_string(i)).status, 400);
  const auto throttled = login("ghost", "x", "10.0.0.9");
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(throttled.body,
            R"({"detail":"Request was throttled. Expected available in 45 seconds."})");
  EXPECT_EQ(throttled.header("Retry-After"), "45");
  EXPECT_EQ(login("alice", "pw").status, 200);  // another username is not affected
  f->now += 45;
  EXPECT_EQ(login("ghost", "x").status, 400);  // the next window
}

TEST_F(Throttled, PerAddressLimit) {
  ThrottleSettings settings;
  settings.address_rate = ThrottleRate{2, std::chrono::seconds(60)};
  settings.username_rate.reset();
  make(settings);
  EXPECT_EQ(login("a", "x").status, 400);
  EXPECT_EQ(login("b", "x").status, 400);
  EXPECT_EQ(login("c", "x").status, 429);
  EXPECT_EQ(login("c", "x", "10.0.0.2").status, 400);
}

TEST_F(Throttled, BackoffGrowsThenASuccessResetsIt) {
  ThrottleSettings settings;
  settings.address_rate.reset();
  settings.username_rate.reset();
  settings.failures_before_backoff = 3;
  settings.backoff_base = std::chrono::seconds(2);
  settings.backoff_max = std::chrono::seconds(5);
  make(settings);
  EXPECT_EQ(login("alice", "bad").status, 400);
  EXPECT_EQ(login("alice", "bad").status, 400);
  EXPECT_EQ(login("alice", "bad").status, 400);  // third failure: blocked for 2 s
  EXPECT_EQ(login("alice", "pw").header("Retry-After"), "2");
  f->now += 2;
  EXPECT_EQ(login("alice", "bad").status, 400);  // fourth: 4 s
  EXPECT_EQ(login("alice", "pw").header("Retry-After"), "4");
  f->now += 4;
  EXPECT_EQ(login("alice", "bad").status, 400);  // fifth: capped at 5 s, never permanent
  EXPECT_EQ(login("alice", "pw").header("Retry-After"), "5");
  f->now += 5;
  EXPECT_EQ(login("alice", "pw").status, 200);  // success resets
  EXPECT_EQ(login("alice", "bad").status, 400);
  EXPECT_EQ(login("alice", "pw").status, 200);
}

TEST_F(Throttled, SpoofedForwardedForFromAnUntrustedPeerChangesNothing) {
  ThrottleSettings settings;
  settings.address_rate = ThrottleRate{1, std::chrono::seconds(60)};
  settings.username_rate.reset();
  settings.trusted_proxies = {"127.0.0.1"};
  make(settings);
  EXPECT_EQ(login("a", "x", "10.0.0.1", "1.1.1.1").status, 400);
  EXPECT_EQ(login("a", "x", "10.0.0.1", "2.2.2.2").status, 429);  // rotating XFF does not help
  // Through the trusted proxy, the right-most untrusted hop is the client.
  EXPECT_EQ(login("a", "x", "127.0.0.1", "9.9.9.9, 3.3.3.3").status, 400);
  EXPECT_EQ(login("a", "x", "127.0.0.1", "8.8.8.8, 3.3.3.3").status, 429);
  EXPECT_EQ(login("a", "x", "127.0.0.1", "4.4.4.4, 127.0.0.1").status, 400);
}

TEST_F(Throttled, FailuresFarApartDoNotAddUp) {
  ThrottleSettings settings;
  settings.address_rate.reset();
  settings.username_rate.reset();
  settings.failures_before_backoff = 3;
  settings.backoff_max = std::chrono::seconds(5);  // failures are remembered 4 × 5 s
  make(settings);
  EXPECT_EQ(login("alice", "bad").status, 400);
  EXPECT_EQ(login("alice", "bad").status, 400);
  f->now += 21;
  EXPECT_EQ(login("alice", "bad").status, 400);  // a new run: one failure, not three
  EXPECT_EQ(login("alice", "pw").status, 200);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(login("alice", "bad").status, 400);
  EXPECT_EQ(login("alice", "pw").status, 429);
}

// The same throttle over counters in a SQLite table, which the tests can look into.
struct ThrottledInTheDatabase : Throttled {
  testing::TempDir dir;
  std::string path = dir.file("counters.sqlite3");

  void SetUp() override {
    SqliteStoreOptions options;
    options.path = path;
    options.create_if_missing = true;
    ASSERT_TRUE(SqliteUserStore::open(options));
    counters = open_sqlite_throttle_counters(path, std::chrono::seconds(1)).value();
  }

  std::vector<std::string> keys() const {
    std::vector<std::string> out;
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "SELECT key FROM restjwt_throttle ORDER BY key", -1, &stmt, nullptr);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out;
  }
};

TEST_F(ThrottledInTheDatabase, LongOrOddUsernamesBecomeShortKeysAndStayApart) {
  ThrottleSettings settings;
  settings.address_rate.reset();
  settings.username_rate = ThrottleRate{1, std::chrono::seconds(60)};
  make(settings);
  const std::string long_a = std::string(5000, 'x') + "a";
  const std::string long_b = std::string(5000, 'x') + "b";
  EXPECT_EQ(login(long_a, "x").status, 400);
  EXPECT_EQ(login(long_b, "x").status, 400);  // differs only at the end: its own count
  EXPECT_EQ(login(long_a, "x").status, 429);
  EXPECT_EQ(login("jos\u00e9", "x").status, 400);
  EXPECT_EQ(login("jos\u00e9", "x").status, 429);
  EXPECT_EQ(login("bob", "x").status, 400);
  for (const std::string& key : keys()) {
    EXPECT_LE(key.size(), LoginThrottle::kMaxKeyBytes) << key;
    EXPECT_TRUE(std::all_of(key.begin(), key.end(), [](char c) { return c >= 0x20 && c < 0x7f; }))
        << key;
  }
  const auto all = keys();
  EXPECT_NE(std::find(all.begin(), all.end(), "user:bob"), all.end());  // readable when it can be
}

TEST_F(ThrottledInTheDatabase, KeysOfThePastAreSweptOnceAMinute) {
  ThrottleSettings settings;
  settings.address_rate = ThrottleRate{100, std::chrono::seconds(60)};
  settings.username_rate = ThrottleRate{100, std::chrono::seconds(60)};
  settings.backoff_max = std::chrono::seconds(10);  // failures remembered 40 s
  make(settings);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(login("ghost" + std::to_string(i), "x").status, 400);
  EXPECT_EQ(keys().size(), 41U);  // one address, twenty usernames and their failures
  f->now += 30;
  EXPECT_EQ(login("alice", "pw").status, 200);
  EXPECT_EQ(keys().size(), 42U);  // nothing is old yet, and the sweep is not due
  f->now += 200;
  EXPECT_EQ(login("alice", "pw").status, 200);
  EXPECT_EQ(keys(), (std::vector<std::string>{"addr:10.0.0.1", "user:alice"}));
}

TEST_F(ThrottledInTheDatabase, CountersOutOfReachLetTheLoginThroughAndSaySo) {
  ThrottleSettings settings;
  settings.username_rate = ThrottleRate{1, std::chrono::seconds(60)};
  make(settings);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "DROP TABLE restjwt_throttle", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  EXPECT_EQ(login("alice", "pw").status, 200);
  EXPECT_EQ(login("alice", "pw").status, 200);  // throttling must not become an outage
  const auto events = std::make_shared<testing::RecordingEvents>();
  LoginThrottle throttle(
      settings, *counters, [] { return std::int64_t{1800000000}; }, events);
  EXPECT_FALSE(throttle.check("10.0.0.1", "alice").has_value());
  const auto reported = events->lines();  // the sweep that was due, and the count
  ASSERT_FALSE(reported.empty());
  EXPECT_TRUE(std::all_of(reported.begin(), reported.end(), [](const std::string& line) {
    return line.starts_with("throttle_fault: ");
  }));
  EXPECT_TRUE(std::any_of(reported.begin(), reported.end(), [](const std::string& line) {
    return line.find("count a login attempt") != std::string::npos;
  }));
  throttle.record("alice", false);  // a failure that cannot be counted is reported too
  EXPECT_EQ(events->lines().size(), reported.size() + 1);
}

}  // namespace
}  // namespace restjwt
