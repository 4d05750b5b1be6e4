// PostgreSQL stopped while the store is in use: calls fail fast with kUnavailable (→ 503), and
// once the server is back the same store object serves again.
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "pg_test_support.hpp"
#include "restjwt/postgres_user_store.hpp"
#include "unit/store/store_test_support.hpp"

namespace restjwt {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

TEST(PostgresFault, StoppedServerIsUnavailableThenTheStoreRecovers) {
  PostgresStoreOptions options;
  options.url = testing::fresh_database();
  options.create_if_missing = true;
  options.pool_size = 3;
  options.connect_timeout = milliseconds(1000);
  options.statement_timeout = milliseconds(1000);
  auto opened = PostgresUserStore::open(options);
  ASSERT_TRUE(opened) << opened.error().message;
  PostgresUserStore& store = **opened;
  ASSERT_TRUE(store.create(testing::new_user("alice", "x")));

  // Load from several threads while the server goes away and comes back; only successes and
  // kUnavailable are acceptable, and none may take longer than the bounds allow.
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0};
  std::atomic<int> unavailable{0};
  std::atomic<int> other{0};
  std::atomic<long> slowest_ms{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      while (!stop) {
        const auto started = steady_clock::now();
        const auto found = store.find_by_username("alice");
        const long took =
            std::chrono::duration_cast<milliseconds>(steady_clock::now() - started).count();
        long seen = slowest_ms.load();
        while (took > seen && !slowest_ms.compare_exchange_weak(seen, took)) {
        }
        if (found && found->has_value()) {
          ++ok;
        } else if (!found && found.error().kind == StoreError::Kind::kUnavailable) {
          ++unavailable;
        } else {
          ++other;
        }
        std::this_thread::sleep_for(milliseconds(5));
      }
    });
  }
  std::this_thread::sleep_for(milliseconds(200));
  testing::stop_cluster();
  std::this_thread::sleep_for(milliseconds(500));
  const auto down = store.find_by_username("alice");
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().kind, StoreError::Kind::kUnavailable) << down.error().message;
  const auto write = store.set_active("alice", false);
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error().kind, StoreError::Kind::kUnavailable) << write.error().message;
  const int ok_before_resume = ok.load();
  testing::resume_cluster();
  std::this_thread::sleep_for(milliseconds(500));
  stop = true;
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(other.load(), 0);
  EXPECT_GT(unavailable.load(), 0);
  EXPECT_GT(ok.load(), ok_before_resume) << "no success after PostgreSQL came back";
  // A refused connection fails at once; the bound is connect + statement timeouts and grace.
  EXPECT_LT(slowest_ms.load(), 3500);
  const auto after = store.find_by_username("alice");
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_TRUE(after->has_value());
  EXPECT_TRUE(*store.set_active("alice", true));
}

TEST(PostgresFault, AStatementBeyondTheTimeoutIsUnavailable) {
  PostgresStoreOptions options;
  options.url = testing::fresh_database();
  options.create_if_missing = true;
  options.statement_timeout = milliseconds(300);
  auto opened = PostgresUserStore::open(options);
  ASSERT_TRUE(opened) << opened.error().message;
  ASSERT_TRUE((*opened)->create(testing::new_user("alice", "x")));
  // Another session holds the row lock: the update waits until statement_timeout cancels it.
  std::thread holder([&] {
    testing::pg_exec(options.url,
                     "BEGIN; SELECT * FROM auth_user FOR UPDATE; SELECT pg_sleep(1.5); COMMIT");
  });
  std::this_thread::sleep_for(milliseconds(300));
  const auto started = steady_clock::now();
  const auto blocked = (*opened)->set_active("alice", false);
  const auto took = steady_clock::now() - started;
  holder.join();
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().kind, StoreError::Kind::kUnavailable) << blocked.error().message;
  EXPECT_LT(took, milliseconds(1200));
  EXPECT_TRUE(*(*opened)->set_active("alice", false));
}

TEST(PostgresFault, PoolWaitIsBoundedByTheAcquireTimeout) {
  PostgresStoreOptions options;
  options.url = testing::fresh_database();
  options.create_if_missing = true;
  options.pool_size = 1;
  options.acquire_timeout = milliseconds(200);
  options.statement_timeout = milliseconds(3000);
  auto opened = PostgresUserStore::open(options);
  ASSERT_TRUE(opened) << opened.error().message;
  ASSERT_TRUE((*opened)->create(testing::new_user("alice", "x")));
  std::thread holder([&] {
    testing::pg_exec(options.url,
                     "BEGIN; SELECT * FROM auth_user FOR UPDATE; SELECT pg_sleep(1); COMMIT");
  });
  std::this_thread::sleep_for(milliseconds(200));
  // The only connection waits on the lock; a second caller gives up after acquire_timeout.
  std::thread waiter([&] { (void)(*opened)->set_active("alice", false); });
  std::this_thread::sleep_for(milliseconds(100));
  const auto started = steady_clock::now();
  const auto starved = (*opened)->find_by_username("alice");
  const auto took = steady_clock::now() - started;
  waiter.join();
  holder.join();
  ASSERT_FALSE(starved);
  EXPECT_EQ(starved.error().kind, StoreError::Kind::kUnavailable);
  EXPECT_LT(took, milliseconds(700));
}

}  // namespace
}  // namespace restjwt
