// The contract every RevocationStore keeps, as one value-parameterised suite that each test
// binary instantiates for the stores it can build: memory and SQLite in unit_store, PostgreSQL in
// unit_pg. A parameter opens a fresh place and returns a factory for stores over it: two stores
// from one factory are two nodes (or a node and the `restjwt users` command) sharing that place.
#pragma once

#include <algorithm>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "restjwt/revocation_store.hpp"

namespace restjwt::testing {

using RevocationStoreFactory = std::function<std::unique_ptr<RevocationStore>()>;

struct RevocationStoreKind {
  std::string name;
  bool shared;  // several stores from one factory see each other's rows (false: memory)
  std::function<RevocationStoreFactory()> open_place;
};

inline void PrintTo(const RevocationStoreKind& kind, std::ostream* out) { *out << kind.name; }

inline std::string revocation_kind_name(const ::testing::TestParamInfo<RevocationStoreKind>& info) {
  return info.param.name;
}

class RevocationStoreContract : public ::testing::TestWithParam<RevocationStoreKind> {
 protected:
  void SetUp() override {
    factory_ = GetParam().open_place();
    store_ = factory_();
    ASSERT_NE(store_, nullptr);
  }
  RevocationStore& store() { return *store_; }

  RevocationStoreFactory factory_;
  std::unique_ptr<RevocationStore> store_;
};

inline bool has_token_id(const RevocationChanges& changes, const std::string& jti) {
  return std::any_of(changes.token_ids.begin(), changes.token_ids.end(),
                     [&jti](const RevokedTokenId& row) { return row.jti == jti; });
}

TEST_P(RevocationStoreContract, ARevokedIdIsRevokedAndOthersAreNot) {
  EXPECT_FALSE(*store().is_revoked("a"));
  ASSERT_TRUE(store().revoke("a", 2000, 1000));
  EXPECT_TRUE(*store().is_revoked("a"));
  EXPECT_FALSE(*store().is_revoked("b"));
  // Revoking again is fine, and never shortens the first revocation.
  ASSERT_TRUE(store().revoke("a", 1500, 1100));
  const auto changes = store().changes_since(0, 1000);
  ASSERT_TRUE(changes);
  ASSERT_EQ(changes->token_ids.size(), 1U);
  EXPECT_EQ(changes->token_ids[0].expires_at, 2000);
  EXPECT_EQ(changes->token_ids[0].revoked_at, 1100);
}

TEST_P(RevocationStoreContract, ChangesSinceGivesWhatWasRevokedOrCutOffLater) {
  ASSERT_TRUE(store().revoke("old", 5000, 1000));
  ASSERT_TRUE(store().revoke("new", 5000, 1200));
  ASSERT_TRUE(store().revoke("expired", 1250, 1200));
  ASSERT_TRUE(store().set_cutoff("7", 1000));
  ASSERT_TRUE(store().set_cutoff("8", 1200));
  const auto changes = store().changes_since(1100, 1300);
  ASSERT_TRUE(changes);
  EXPECT_TRUE(has_token_id(*changes, "new"));
  EXPECT_FALSE(has_token_id(*changes, "old"));
  EXPECT_FALSE(has_token_id(*changes, "expired"));  // no token it refuses is valid any more
  ASSERT_EQ(changes->cutoffs.size(), 1U);
  EXPECT_EQ(changes->cutoffs[0], (UserCutoff{"8", 1200}));
}

TEST_P(RevocationStoreContract, ACutoffNeverMovesBack) {
  EXPECT_EQ(*store().cutoff("42"), 0);
  ASSERT_TRUE(store().set_cutoff("42", 2000));
  ASSERT_TRUE(store().set_cutoff("42", 1500));
  EXPECT_EQ(*store().cutoff("42"), 2000);
  ASSERT_TRUE(store().set_cutoff("42", 2500));
  EXPECT_EQ(*store().cutoff("42"), 2500);
  EXPECT_EQ(*store().cutoff("43"), 0);
}

TEST_P(RevocationStoreContract, PurgeDropsOnlyWhatNoLongerRefusesAnything) {
  ASSERT_TRUE(store().revoke("gone", 1000, 900));
  ASSERT_TRUE(store().revoke("kept", 3000, 900));
  ASSERT_TRUE(store().set_cutoff("1", 500));
  ASSERT_TRUE(store().set_cutoff("2", 1500));
  const auto purged = store().purge_expired(1000, 1000);
  ASSERT_TRUE(purged);
  EXPECT_EQ(*purged, 2U);
  EXPECT_FALSE(*store().is_revoked("gone"));
  EXPECT_TRUE(*store().is_revoked("kept"));
  EXPECT_EQ(*store().cutoff("1"), 0);
  EXPECT_EQ(*store().cutoff("2"), 1500);
  EXPECT_EQ(*store().purge_expired(1000, 1000), 0U);
}

TEST_P(RevocationStoreContract, AnotherStoreOverTheSamePlaceSeesTheRevocations) {
  if (!GetParam().shared) GTEST_SKIP() << "one node's memory";
  auto other = factory_();
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(store().revoke("jti-1", 5000, 1000));
  ASSERT_TRUE(other->set_cutoff("550e8400-e29b-41d4-a716-446655440000", 1000));
  EXPECT_TRUE(*other->is_revoked("jti-1"));
  EXPECT_EQ(*store().cutoff("550e8400-e29b-41d4-a716-446655440000"), 1000);
}

}  // namespace restjwt::testing
