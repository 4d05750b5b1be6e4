// Hash upgrades at login are written in the background: a login never waits for the database's
// write lock, a refused write is retried until the database takes it, and a password changed
// meanwhile is never overwritten.
#include "views/background_writes.hpp"

#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "restjwt/credentials.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "support/forwarding_store.hpp"
#include "support/recording_events.hpp"
#include "support/temp_dir.hpp"

// The writer alone: once, in the library-level suite.
#if !defined(RESTJWT_TEST_OVER_HTTP) && !defined(RESTJWT_TEST_POSTGRES)

namespace restjwt::detail {
namespace {

using namespace std::chrono_literals;

// A store whose writes can be refused, or held, the way a locked or read-only database does.
class RefusingStore final : public testing::ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;
  std::atomic<int> refuse_next{0};
  std::atomic<int> attempts{0};
  StoreResult<bool> replace_password(const UserId& id, std::string_view expected,
                                     std::string_view replacement) override {
    ++attempts;
    if (refuse_next > 0) {
      --refuse_next;
      return unexpected(StoreError{StoreError::Kind::kUnavailable, "database is locked"});
    }
    return ForwardingStore::replace_password(id, expected, replacement);
  }
};

struct Upgrades : ::testing::Test {
  testing::TempDir dir;
  std::unique_ptr<UserStore> sqlite;
  std::unique_ptr<RefusingStore> store;
  std::shared_ptr<testing::RecordingEvents> events = std::make_shared<testing::RecordingEvents>();
  UserId alice_id;

  void SetUp() override {
    SqliteStoreOptions options;
    options.path = dir.file("db.sqlite3");
    options.create_if_missing = true;
    sqlite = SqliteUserStore::open(options).value();
    store = std::make_unique<RefusingStore>(*sqlite);
    NewUser alice;
    alice.username = "alice";
    alice.password = "md5$salt$oldhash";
    alice_id = sqlite->create(alice).value().id;
  }

  std::string stored() const { return sqlite->find_by_username("alice").value()->password; }

  static bool eventually(const std::function<bool()>& condition) {
    for (int i = 0; i < 500 && !condition(); ++i) std::this_thread::sleep_for(10ms);
    return condition();
  }
};

TEST_F(Upgrades, AreWrittenSoon) {
  BackgroundWrites upgrades(*store, events);
  upgrades.upgrade_password(alice_id, "md5$salt$oldhash", "pbkdf2_sha256$new");
  EXPECT_TRUE(eventually([&] { return stored() == "pbkdf2_sha256$new"; }));
  EXPECT_TRUE(eventually([&] { return upgrades.pending() == 0; }));
  EXPECT_TRUE(events->saw("password_upgraded"));
}

TEST_F(Upgrades, ARefusedWriteIsRetriedUntilTheDatabaseTakesIt) {
  store->refuse_next = 3;
  BackgroundWrites upgrades(*store, events);
  upgrades.upgrade_password(alice_id, "md5$salt$oldhash", "pbkdf2_sha256$new");
  EXPECT_TRUE(eventually([&] { return stored() == "pbkdf2_sha256$new"; }));
  EXPECT_GE(store->attempts.load(), 4);
  // One report for the episode, not one per attempt; then the success.
  const auto lines = events->lines();
  EXPECT_EQ(std::count_if(lines.begin(), lines.end(),
                          [](const std::string& l) { return l.starts_with("store_fault"); }),
            1);
  EXPECT_TRUE(events->saw("password_upgrade_failed"));
  EXPECT_TRUE(events->saw("password_upgraded"));
}

TEST_F(Upgrades, APasswordChangedMeanwhileWins) {
  store->refuse_next = 1;
  BackgroundWrites upgrades(*store, events);
  upgrades.upgrade_password(alice_id, "md5$salt$oldhash", "pbkdf2_sha256$upgrade");
  ASSERT_TRUE(sqlite->set_password("alice", "pbkdf2_sha256$changed").value());
  EXPECT_TRUE(eventually([&] { return upgrades.pending() == 0; }));
  EXPECT_EQ(stored(), "pbkdf2_sha256$changed");
}

TEST_F(Upgrades, ALoginDoesNotWaitForTheWrite) {
  PasswordHasherOptions cheap;
  cheap.pbkdf2_iterations = 1000;
  const auto hashers = PasswordHashers::from_names({"pbkdf2_sha256", "pbkdf2_sha1"}, cheap).value();
  // An outdated hash: the login re-hashes it, and the write is refused for a long while.
  ASSERT_TRUE(
      sqlite
          ->set_password(
              "alice",
              PasswordHashers::from_names({"pbkdf2_sha1"}, cheap).value().make_password("pw"))
          .value());
  store->refuse_next = 1'000'000;
  BackgroundWrites upgrades(*store, events);
  const auto started = std::chrono::steady_clock::now();
  const auto result = authenticate_credentials(
      *store, hashers, "alice", "pw", false, *events,
      [&](const UserId& id, std::string checked, std::string upgraded) {
        upgrades.upgrade_password(id, std::move(checked), std::move(upgraded));
      });
  ASSERT_TRUE(result);
  EXPECT_EQ(result->kind, CredentialsResult::Kind::kOk);
  EXPECT_TRUE(result->upgrade_deferred);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  // And once the database takes writes again, the upgrade lands by itself.
  store->refuse_next = 0;
  EXPECT_TRUE(eventually([&] { return stored().starts_with("pbkdf2_sha256$"); }));
}

}  // namespace
}  // namespace restjwt::detail

#endif
