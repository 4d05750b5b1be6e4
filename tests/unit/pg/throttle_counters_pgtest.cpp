// The ThrottleCounters contract (support/throttle_counters_contract.hpp) for counters shared by
// several nodes through PostgreSQL, and what happens when PostgreSQL goes away.
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "pg_test_support.hpp"
#include "restjwt/postgres_throttle_counters.hpp"
#include "support/throttle_counters_contract.hpp"

namespace restjwt {
namespace {

using testing::CountersFactory;
using testing::CountersKind;
using testing::ThrottleCountersContract;

CountersFactory postgres_place() {
  const std::string url = testing::fresh_database();  // no user table: the counters need none
  return [url]() -> std::unique_ptr<ThrottleCounters> {
    auto counters = open_postgres_throttle_counters(testing::store_options(url));
    EXPECT_TRUE(counters) << (counters ? "" : counters.error().message);
    return counters ? std::move(*counters) : nullptr;
  };
}

INSTANTIATE_TEST_SUITE_P(Counters, ThrottleCountersContract,
                         ::testing::Values(CountersKind{"Postgres", true, postgres_place}),
                         testing::kind_name);

TEST(PostgresThrottleCounters, TwoNodesStartingTogetherBothFindTheTable) {
  const std::string url = testing::fresh_database();
  EXPECT_EQ(testing::start_four_nodes_together([&](int) -> std::string {
              auto counters = open_postgres_throttle_counters(testing::store_options(url));
              if (!counters) return counters.error().message;
              return (*counters)->hit("addr:x", 60) ? "" : "hit failed";
            }),
            "");
  EXPECT_EQ(testing::pg_query(url, "SELECT hits FROM restjwt_throttle WHERE key = 'addr:x'"), "4");
}

TEST(PostgresThrottleCounters, AnUnreachableServerIsAClearErrorWithoutTheUrl) {
  auto options = testing::store_options("postgresql://restjwt:s3cret-password@127.0.0.1:1/none");
  const auto counters = open_postgres_throttle_counters(options);
  ASSERT_FALSE(counters);
  EXPECT_EQ(counters.error().kind, StoreError::Kind::kUnavailable);
  EXPECT_NE(counters.error().message.find("cannot open the login throttle counters"),
            std::string::npos);
  EXPECT_EQ(counters.error().message.find("s3cret-password"), std::string::npos);
}

}  // namespace
}  // namespace restjwt
