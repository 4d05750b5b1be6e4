// RevocationCache: the lock-free filter in front of the revocation maps never hides a key that is
// there, also across the rebuilds that follow forgetting keys.
#include "views/revocation_cache.hpp"

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace restjwt {
namespace {

using detail::RevocationCache;

TEST(RevocationCache, FindsWhatItRemembersWithTheHighestTime) {
  RevocationCache cache;
  EXPECT_FALSE(cache.find("a"));
  cache.remember("a", 100);
  cache.remember("a", 50);  // never lowered
  EXPECT_EQ(cache.find("a"), 100);
  cache.remember("a", 150);
  EXPECT_EQ(cache.find("a"), 150);
  EXPECT_FALSE(cache.find("b"));
  EXPECT_EQ(cache.size(), 1U);
}

TEST(RevocationCache, ForgettingRebuildsTheFilterWithoutLosingAKey) {
  RevocationCache cache;
  for (int i = 0; i < 20'000; ++i) cache.remember("id-" + std::to_string(i), i < 10'000 ? 10 : 20);
  cache.forget_below(15, RevocationCache::kRebuildSpacing);  // a rebuild: the spacing has passed
  EXPECT_EQ(cache.size(), 10'000U);
  for (int i = 0; i < 20'000; ++i) {
    EXPECT_EQ(cache.find("id-" + std::to_string(i)).has_value(), i >= 10'000) << i;
  }
  // Keys added after the rebuild, and while another rebuild runs, are found.
  std::thread writer([&cache] {
    for (int i = 0; i < 5'000; ++i) cache.remember("late-" + std::to_string(i), 30);
  });
  cache.forget_below(25, 3 * RevocationCache::kRebuildSpacing);
  writer.join();
  for (int i = 0; i < 5'000; ++i) EXPECT_TRUE(cache.find("late-" + std::to_string(i))) << i;
  EXPECT_EQ(cache.size(), 5'000U);
}

}  // namespace
}  // namespace restjwt
