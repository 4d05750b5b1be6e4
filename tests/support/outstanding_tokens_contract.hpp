// The contract every OutstandingTokenStore keeps (outstanding_tokens.hpp), as one
// value-parameterised suite each test binary instantiates for the stores it can build. A
// parameter opens a fresh database and returns a factory of stores over it: two stores from one
// factory are two processes sharing the tables.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "restjwt/outstanding_tokens.hpp"

namespace restjwt::testing {

using OutstandingTokensFactory = std::function<std::unique_ptr<OutstandingTokenStore>()>;

struct OutstandingTokensKind {
  std::string name;
  std::function<OutstandingTokensFactory()> open_place;
};

inline void PrintTo(const OutstandingTokensKind& kind, std::ostream* out) { *out << kind.name; }

inline std::string outstanding_tokens_name(
    const ::testing::TestParamInfo<OutstandingTokensKind>& info) {
  return info.param.name;
}

// A refresh token's row as the obtain view records it, for user 1 (which the place must hold).
inline OutstandingToken refresh_row(const std::string& jti, bool with_user = true) {
  OutstandingToken row;
  row.jti = jti;
  row.token = "header.payload-of-" + jti + ".signature";
  if (with_user) {
    row.user_id = UserId(std::int64_t{1});
    row.created_at = 1800000000;
  }
  row.expires_at = 1800086400;
  return row;
}

class OutstandingTokensContract : public ::testing::TestWithParam<OutstandingTokensKind> {
 protected:
  void SetUp() override {
    factory_ = GetParam().open_place();
    store_ = factory_();
    ASSERT_NE(store_, nullptr);
  }
  OutstandingTokenStore& store() { return *store_; }
  TokenStanding standing(const std::string& jti) { return store().standing(jti).value(); }

  OutstandingTokensFactory factory_;
  std::unique_ptr<OutstandingTokenStore> store_;
};

TEST_P(OutstandingTokensContract, AnUnknownJtiIsNotBlacklistedAndIsItsOwnFamily) {
  const TokenStanding s = standing("0123456789abcdef0123456789abcdef");
  EXPECT_FALSE(s.blacklisted);
  EXPECT_EQ(s.family, "0123456789abcdef0123456789abcdef");
  EXPECT_FALSE(s.rotated_at.has_value());
}

TEST_P(OutstandingTokensContract, RecordsAFamilyAndBlacklistsOnce) {
  ASSERT_TRUE(store().record(refresh_row("a1"), "a1").has_value());
  ASSERT_TRUE(store().record(refresh_row("a1"), "a1").has_value());  // idempotent
  EXPECT_EQ(standing("a1").family, "a1");
  EXPECT_FALSE(standing("a1").blacklisted);
  EXPECT_TRUE(store().blacklist(refresh_row("a1"), 1800000100).value());
  EXPECT_FALSE(store().blacklist(refresh_row("a1"), 1800000200).value());
  EXPECT_TRUE(standing("a1").blacklisted);
  EXPECT_FALSE(standing("a1").rotated_at.has_value());  // a logout, not a rotation
}

TEST_P(OutstandingTokensContract, BlacklistsATokenItNeverRecorded) {
  // simplejwt's blacklist(): get_or_create of the outstanding row, without user or created_at.
  EXPECT_TRUE(store().blacklist(refresh_row("django-made", false), 1800000100).value());
  EXPECT_TRUE(standing("django-made").blacklisted);
}

TEST_P(OutstandingTokensContract, RotationBlacklistsTheOldAndRecordsTheNextInItsFamily) {
  ASSERT_TRUE(store().record(refresh_row("r1"), "r1").has_value());
  EXPECT_TRUE(store().rotate(refresh_row("r1"), refresh_row("r2"), "r1", 1800000050).value());
  const TokenStanding old = standing("r1");
  EXPECT_TRUE(old.blacklisted);
  EXPECT_EQ(old.rotated_at, 1800000050);
  const TokenStanding next = standing("r2");
  EXPECT_FALSE(next.blacklisted);
  EXPECT_EQ(next.family, "r1");
  // Rotating it again writes nothing: someone else rotated it first.
  EXPECT_FALSE(store().rotate(refresh_row("r1"), refresh_row("r3"), "r1", 1800000060).value());
  EXPECT_EQ(standing("r3").family, "r3");  // not recorded
  EXPECT_EQ(standing("r1").rotated_at, 1800000050);
}

TEST_P(OutstandingTokensContract, RevokingAFamilyBlacklistsEveryMemberAndNoOtherToken) {
  ASSERT_TRUE(store().record(refresh_row("f1"), "f1").has_value());
  ASSERT_TRUE(store().rotate(refresh_row("f1"), refresh_row("f2"), "f1", 10).value());
  ASSERT_TRUE(store().rotate(refresh_row("f2"), refresh_row("f3"), "f1", 20).value());
  ASSERT_TRUE(store().record(refresh_row("f2b"), "f1").has_value());
  ASSERT_TRUE(store().record(refresh_row("g1"), "g1").has_value());
  EXPECT_EQ(store().revoke_family("f1", 30).value(), 2U);  // f3 and f2b; f1, f2 already were
  for (const char* jti : {"f1", "f2", "f3", "f2b"}) EXPECT_TRUE(standing(jti).blacklisted) << jti;
  EXPECT_FALSE(standing("g1").blacklisted);
  EXPECT_EQ(store().revoke_family("f1", 40).value(), 0U);
}

TEST_P(OutstandingTokensContract, ConcurrentRotationsOfOneTokenHaveOneWinner) {
  ASSERT_TRUE(store().record(refresh_row("c0"), "c0").has_value());
  std::atomic<int> winners{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      auto other = factory_();  // another process on the same tables
      auto rotated =
          other->rotate(refresh_row("c0"), refresh_row("c" + std::to_string(i + 1)), "c0", 99);
      if (!rotated) {
        failures.fetch_add(1);
      } else if (*rotated) {
        winners.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(winners.load(), 1);
}

}  // namespace restjwt::testing
