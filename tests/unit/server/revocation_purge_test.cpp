// RevocationPurge: serve's housekeeping of the revocation tables drops exactly the rows that no
// longer refuse a valid token, on its own thread, and reports a store that fails.
#include "service/revocation_purge.hpp"

#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "restjwt/revocation_store.hpp"
#include "support/recording_events.hpp"

namespace restjwt {
namespace {

using detail::RevocationPurge;

Settings lifetimes(bool allow_refresh) {
  Settings settings;
  settings.expiration_delta = std::chrono::seconds(300);
  settings.leeway = std::chrono::seconds(10);
  settings.allow_refresh = allow_refresh;
  settings.refresh_expiration_delta = std::chrono::seconds(3600);
  return settings;
}

// A store whose purge always fails, as a database that went away.
class UnreachableStore final : public RevocationStore {
 public:
  StoreResult<void> revoke(const std::string&, std::int64_t, std::int64_t) override { return {}; }
  StoreResult<bool> is_revoked(const std::string&) override { return false; }
  StoreResult<void> set_cutoff(const std::string&, std::int64_t) override { return {}; }
  StoreResult<std::int64_t> cutoff(const std::string&) override { return 0; }
  StoreResult<RevocationChanges> changes_since(std::int64_t, std::int64_t) override {
    return RevocationChanges{};
  }
  StoreResult<std::uint64_t> purge_expired(std::int64_t, std::int64_t) override {
    ++purges;
    return unexpected(StoreError{StoreError::Kind::kUnavailable, "connection refused"});
  }
  std::atomic<int> purges{0};
};

TEST(RevocationPurge, DropsExpiredIdsAndCutoffsOlderThanTheLongestChain) {
  auto store = make_memory_revocation_store();
  ASSERT_TRUE(store->revoke("expired", 1990, 1000));
  ASSERT_TRUE(store->revoke("live", 2500, 1000));
  ASSERT_TRUE(store->set_cutoff("1", 1600));  // 2000 - 310 = 1690: no token before it is valid
  ASSERT_TRUE(store->set_cutoff("2", 1700));
  RevocationPurge purge(*store, lifetimes(false), fixed_clock(2000), ignore_events(),
                        std::chrono::hours(1));
  EXPECT_EQ(purge.purge_once().value(), 2U);
  EXPECT_FALSE(*store->is_revoked("expired"));
  EXPECT_TRUE(*store->is_revoked("live"));
  EXPECT_EQ(*store->cutoff("1"), 0);
  EXPECT_EQ(*store->cutoff("2"), 1700);

  // With refresh, a chain may live JWT_REFRESH_EXPIRATION_DELTA longer: the cut-off stays.
  ASSERT_TRUE(store->set_cutoff("3", 1000));
  RevocationPurge chains(*store, lifetimes(true), fixed_clock(2000), ignore_events(),
                         std::chrono::hours(1));
  EXPECT_EQ(chains.purge_once().value(), 0U);
  EXPECT_EQ(*store->cutoff("3"), 1000);
}

TEST(RevocationPurge, ItsThreadPurgesEveryIntervalAndReportsAFailingStore) {
  UnreachableStore store;
  auto events = std::make_shared<testing::RecordingEvents>();
  {
    RevocationPurge purge(store, lifetimes(false), system_clock(), events, std::chrono::seconds(1));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (store.purges.load() < 2 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }  // stops and joins at once, mid-interval
  EXPECT_GE(store.purges.load(), 2);
  ASSERT_FALSE(events->lines().empty());
  EXPECT_EQ(events->lines().front().rfind("store_fault purge_revocations", 0), 0U)
      << events->lines().front();
}

}  // namespace
}  // namespace restjwt
