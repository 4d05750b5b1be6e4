// [users] update_last_login (simplejwt's UPDATE_LAST_LOGIN): a successful obtain writes
// last_login after answering, never delaying or failing the login.
#include <chrono>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "support/app_fixture.hpp"
#include "support/forwarding_store.hpp"
#include "support/recording_events.hpp"

namespace restjwt {
namespace {

using testing::AppFixture;
using namespace std::chrono_literals;

constexpr const char* kLogin = R"({"username":"alice","password":"pw"})";

std::string last_login_of(UserStore& store, const std::string& username) {
  return store.find_by_username(username).value().value().last_login;
}

// The writer's thread runs after the answer: wait for it, a bounded time.
std::string eventually_last_login(UserStore& store, const std::string& username) {
  for (int i = 0; i < 500; ++i) {
    const std::string seen = last_login_of(store, username);
    if (!seen.empty()) return seen;
    std::this_thread::sleep_for(10ms);
  }
  return {};
}

TEST(UpdateLastLogin, OffByDefaultAsInDrfJwt) {
  AppFixture f;
  f.add_user("alice", "pw");
  ASSERT_EQ(f.post("/api-token-auth/", kLogin).status, 200);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(last_login_of(*f.store, "alice"), "");
}

TEST(UpdateLastLogin, ASuccessfulObtainWritesIt) {
  ApplicationOptions options;
  options.update_last_login = true;
  AppFixture f(options);
  f.add_user("alice", "pw");
  f.add_user("bob", "pw");
  EXPECT_EQ(f.post("/api-token-auth/", R"({"username":"bob","password":"wrong"})").status, 400);
  ASSERT_EQ(f.post("/api-token-auth/", kLogin).status, 200);
  const std::string written = eventually_last_login(*f.store, "alice");
  EXPECT_FALSE(written.empty());
  EXPECT_EQ(last_login_of(*f.store, "bob"), "");  // a failed login writes nothing
}

struct SlowStore : ::testing::Test {
  AppFixture f;
  std::unique_ptr<testing::ForwardingStore> store;
  std::shared_ptr<testing::RecordingEvents> events = std::make_shared<testing::RecordingEvents>();
  std::unique_ptr<Application> app;

  void SetUp() override {
    f.add_user("alice", "pw");
    store = std::make_unique<testing::ForwardingStore>(*f.store);
    ApplicationOptions options;
    options.update_last_login = true;
    options.settings.secret_key = testing::kSecret;
    options.events = events;
    app = Application::create(options, *store, *f.hashers).value();
  }

  int login() const {
    HttpRequest request;
    request.method = "POST";
    request.target = "/api-token-auth/";
    request.headers = {{"Content-Type", "application/json"}};
    request.body = kLogin;
    return app->handle(request).status;
  }
};

TEST_F(SlowStore, AStalledWriteDoesNotDelayTheAnswer) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  store->before_last_login = [released] { released.wait(); };
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(login(), 200);
  EXPECT_EQ(login(), 200);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  release.set_value();
  EXPECT_FALSE(eventually_last_login(*f.store, "alice").empty());
}

TEST_F(SlowStore, AFailedWriteIsReportedRetriedAndTheLoginStands) {
  store->set_last_login_error(StoreError{StoreError::Kind::kUnavailable, "database is locked"});
  EXPECT_EQ(login(), 200);
  const std::string fault =
      "store_fault update_last_login (retried in the background) unavailable: database is locked";
  for (int i = 0; i < 500 && !events->saw(fault); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(events->saw(fault)) << ::testing::PrintToString(events->lines());
  EXPECT_EQ(last_login_of(*f.store, "alice"), "");
  // The database takes writes again: the write lands without another login.
  store->set_last_login_error(std::nullopt);
  EXPECT_FALSE(eventually_last_login(*f.store, "alice").empty());
}

}  // namespace
}  // namespace restjwt
