// Many threads on one store share its bounded pool of connections (two stores racing on one
// database: the UserStore contract, user_store_contract_pgtest.cpp).
#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "pg_test_support.hpp"
#include "restjwt/postgres_user_store.hpp"
#include "unit/store/store_test_support.hpp"

namespace restjwt {
namespace {

std::unique_ptr<PostgresUserStore> open_store(const std::string& url, std::size_t pool_size) {
  PostgresStoreOptions options;
  options.url = url;
  options.create_if_missing = true;
  options.pool_size = pool_size;
  auto opened = PostgresUserStore::open(options);
  EXPECT_TRUE(opened) << opened.error().message;
  return opened ? std::move(*opened) : nullptr;
}

TEST(PostgresConcurrency, ManyThreadsShareABoundedPool) {
  const std::string url = testing::fresh_database();
  auto store = open_store(url, 3);
  ASSERT_TRUE(store);
  const auto alice = store->create(testing::new_user("alice", "v0"));
  ASSERT_TRUE(alice);
  std::atomic<int> failures{0};
  std::atomic<int> swaps{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      for (int n = 0; n < 50; ++n) {
        auto found = store->find_by_username("alice");
        if (!found || !found->has_value()) {
          ++failures;
          continue;
        }
        auto swapped = store->replace_password(alice->id, (*found)->password,
                                               "v" + std::to_string(i) + "-" + std::to_string(n));
        if (!swapped) ++failures;
        if (swapped && *swapped) ++swaps;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(swaps.load(), 0);
  EXPECT_LE(std::stoi(testing::pg_query(
                url, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'restjwt'")),
            3);
}

}  // namespace
}  // namespace restjwt
