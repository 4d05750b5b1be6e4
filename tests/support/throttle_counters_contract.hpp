// The contract every ThrottleCounters keeps (login throttling), as one value-parameterised suite
// that each test binary instantiates for the counters it can build: memory and SQLite in
// unit_views, PostgreSQL in unit_pg. A parameter opens a fresh place to count in and returns a
// factory for counters over it: two counters from one factory are two nodes sharing that place.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "restjwt/throttle.hpp"

namespace restjwt::testing {

using CountersFactory = std::function<std::unique_ptr<ThrottleCounters>()>;

struct CountersKind {
  std::string name;
  bool shared;  // several counters from one factory count together (false: memory, one node)
  std::function<CountersFactory()> open_place;
};

// gtest prints a parameter by this (not its bytes) in test names and failures.
inline void PrintTo(const CountersKind& kind, std::ostream* out) { *out << kind.name; }

inline std::string kind_name(const ::testing::TestParamInfo<CountersKind>& info) {
  return info.param.name;
}

class ThrottleCountersContract : public ::testing::TestWithParam<CountersKind> {
 protected:
  void SetUp() override {
    factory_ = GetParam().open_place();
    counters_ = factory_();
    ASSERT_NE(counters_, nullptr);
  }
  ThrottleCounters& counters() { return *counters_; }

  CountersFactory factory_;
  std::unique_ptr<ThrottleCounters> counters_;
};

TEST_P(ThrottleCountersContract, HitsCountWithinAWindowAndStartAgainInTheNext) {
  EXPECT_EQ(*counters().hit("user:alice", 600), 1U);
  EXPECT_EQ(*counters().hit("user:alice", 600), 2U);
  EXPECT_EQ(*counters().hit("user:bob", 600), 1U);
  EXPECT_EQ(*counters().hit("user:alice", 660), 1U);
  // A node whose clock is a little behind still counts, in the current window.
  EXPECT_EQ(*counters().hit("user:alice", 600), 2U);
  EXPECT_EQ(*counters().hit("user:alice", 660), 3U);
}

TEST_P(ThrottleCountersContract, FailuresAddUpUntilForgottenOrReset) {
  EXPECT_EQ(*counters().blocked_until("fail:alice"), 0);
  EXPECT_EQ(*counters().add_failure("fail:alice", 1000, 0), 1U);
  EXPECT_EQ(*counters().add_failure("fail:alice", 1010, 0), 2U);
  EXPECT_TRUE(*counters().set_blocked_until("fail:alice", 1070));
  EXPECT_EQ(*counters().blocked_until("fail:alice"), 1070);
  EXPECT_EQ(*counters().blocked_until("fail:bob"), 0);
  // The last failure (1010) is older than the memory: the run starts again.
  EXPECT_EQ(*counters().add_failure("fail:alice", 5000, 1500), 1U);
  EXPECT_EQ(*counters().add_failure("fail:alice", 5001, 1500), 2U);
  EXPECT_TRUE(*counters().reset_failures("fail:alice"));
  EXPECT_FALSE(*counters().reset_failures("fail:alice"));
  EXPECT_EQ(*counters().blocked_until("fail:alice"), 0);
  EXPECT_EQ(*counters().add_failure("fail:alice", 5002, 1500), 1U);
}

TEST_P(ThrottleCountersContract, SweepForgetsOnlyWhatNoLongerMatters) {
  ASSERT_TRUE(counters().hit("addr:old", 600));
  ASSERT_TRUE(counters().hit("addr:current", 1200));
  ASSERT_TRUE(counters().add_failure("fail:old", 500, 0));
  ASSERT_TRUE(counters().add_failure("fail:recent", 1150, 0));
  ASSERT_TRUE(counters().add_failure("fail:blocked", 500, 0));
  ASSERT_TRUE(counters().set_blocked_until("fail:blocked", 2000));
  EXPECT_EQ(*counters().sweep({.windows_before = 1200, .failures_before = 1000, .now = 1250}), 2U);
  EXPECT_EQ(*counters().hit("addr:current", 1200), 2U);  // kept
  EXPECT_EQ(*counters().hit("addr:old", 600), 1U);       // forgotten
  EXPECT_EQ(*counters().add_failure("fail:recent", 1160, 1000), 2U);
  EXPECT_EQ(*counters().blocked_until("fail:blocked"), 2000);
  EXPECT_EQ(*counters().add_failure("fail:old", 1170, 0), 1U);
}

TEST_P(ThrottleCountersContract, ConcurrentHitsFromSeveralNodesAreNeverLost) {
  constexpr std::size_t kThreads = 4;
  constexpr int kHitsEach = 50;
  // Shared places: each thread is a node with its own counters (connection). Memory: one node.
  std::vector<std::unique_ptr<ThrottleCounters>> nodes;
  for (std::size_t i = 0; i < kThreads; ++i)
    nodes.push_back(GetParam().shared ? factory_() : nullptr);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (std::size_t i = 0; i < kThreads; ++i) {
    ThrottleCounters& node = nodes[i] ? *nodes[i] : counters();
    threads.emplace_back([&node, &failures] {
      for (int n = 0; n < kHitsEach; ++n) {
        if (!node.hit("addr:flood", 60) || !node.add_failure("fail:flood", 100, 0)) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(*counters().hit("addr:flood", 60), kThreads * kHitsEach + 1U);
  EXPECT_EQ(*counters().add_failure("fail:flood", 100, 0), kThreads * kHitsEach + 1U);
}

TEST_P(ThrottleCountersContract, KeysAreTextNotSql) {
  const std::string quoted = "user:a'\"; DROP TABLE restjwt_throttle; --";
  EXPECT_EQ(*counters().hit(quoted, 60), 1U);
  EXPECT_EQ(*counters().hit("user:a", 60), 1U);
  EXPECT_EQ(*counters().hit(quoted, 60), 2U);
  EXPECT_EQ(*counters().hit("user:A", 60), 1U);  // case-sensitive, as usernames are
}

}  // namespace restjwt::testing
