// The KeyStore contract (support/key_store_contract.hpp) for the key ring shared by several nodes
// through PostgreSQL.
#include <algorithm>
#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "pg_test_support.hpp"
#include "restjwt/postgres_key_store.hpp"
#include "support/key_store_contract.hpp"

namespace restjwt {
namespace {

using testing::KeyStoreContract;
using testing::KeyStoreFactory;
using testing::KeyStoreKind;

KeyStoreFactory postgres_place() {
  const std::string url = testing::fresh_database();  // no user table: the ring needs none
  return [url]() -> std::unique_ptr<KeyStore> {
    PostgresStoreOptions options;
    options.url = url;
    options.connect_timeout = std::chrono::seconds(2);
    options.statement_timeout = std::chrono::seconds(5);
    auto store = open_postgres_key_store(options);
    EXPECT_TRUE(store) << (store ? "" : store.error().message);
    return store ? std::move(*store) : nullptr;
  };
}

INSTANTIATE_TEST_SUITE_P(KeyStores, KeyStoreContract,
                         ::testing::Values(KeyStoreKind{"Postgres", postgres_place}),
                         testing::key_store_name);

// Four nodes' key rings on one PostgreSQL database, stepping through a rotation at once.
TEST(KeyRingOnPostgres, NodesRacingThroughARotationMakeEachStepOnce) {
  const auto factory = postgres_place();
  std::atomic<std::int64_t> now{1800000000};
  KeyRingOptions options;
  options.algorithm = Algorithm::kES256;
  options.rotate_every = std::chrono::hours(24 * 30);
  options.publish_ahead = std::chrono::hours(24);
  std::vector<std::shared_ptr<KeyRing>> nodes;
  for (int i = 0; i < 4; ++i) {
    auto ring =
        KeyRing::open(std::shared_ptr<KeyStore>(factory()), options, [&now] { return now.load(); });
    ASSERT_TRUE(ring.has_value()) << ring.error();
    nodes.push_back(*ring);
  }
  const auto race = [&nodes] {
    std::vector<std::thread> threads;
    for (const auto& node : nodes) {
      threads.emplace_back([&node] { EXPECT_TRUE(node->rotate().has_value()); });
    }
    for (auto& t : threads) t.join();
  };
  now += 29 * 86400;
  race();
  now += 86400;
  race();
  const auto keys = factory()->load().value();
  ASSERT_EQ(keys.size(), 2U) << "the first key (now retired), the one next key (now active)";
  EXPECT_EQ(std::count_if(keys.begin(), keys.end(),
                          [](const StoredKey& k) { return k.state == KeyState::kActive; }),
            1);
  std::set<std::string> active;
  for (const auto& node : nodes) active.insert(node->signing_key()->kid);
  EXPECT_EQ(active.size(), 1U) << "every node signs with the same key";
}

}  // namespace
}  // namespace restjwt
