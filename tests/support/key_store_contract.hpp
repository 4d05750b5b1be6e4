// The contract every KeyStore keeps (key_ring.hpp), as one value-parameterised suite that each test
// binary instantiates for the stores it can build: SQLite and a directory in unit_store,
// PostgreSQL in unit_pg. A parameter opens a fresh place for a ring and returns a factory of stores
// over it: two stores from one factory are two nodes sharing that ring.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "restjwt/key_ring.hpp"

namespace restjwt::testing {

using KeyStoreFactory = std::function<std::unique_ptr<KeyStore>()>;

struct KeyStoreKind {
  std::string name;
  std::function<KeyStoreFactory()> open_place;
};

inline void PrintTo(const KeyStoreKind& kind, std::ostream* out) { *out << kind.name; }

inline std::string key_store_name(const ::testing::TestParamInfo<KeyStoreKind>& info) {
  return info.param.name;
}

// A row as the ring would write it; the secret is any text to the store.
inline StoredKey stored_key(const std::string& kid, KeyState state, std::int64_t created = 100,
                            Algorithm algorithm = Algorithm::kRS256) {
  StoredKey key;
  key.kid = kid;
  key.algorithm = algorithm;
  key.state = state;
  key.created_at = created;
  key.activated_at = state == KeyState::kActive ? created : 0;
  key.public_pem = is_hmac(algorithm) ? "" : "-----BEGIN PUBLIC KEY-----\n" + kid + "\n";
  key.secret = "secret of " + kid + "\nwith \"quotes\" and ünïcode";
  return key;
}

class KeyStoreContract : public ::testing::TestWithParam<KeyStoreKind> {
 protected:
  void SetUp() override {
    factory_ = GetParam().open_place();
    store_ = factory_();
    ASSERT_NE(store_, nullptr);
  }
  KeyStore& store() { return *store_; }
  std::optional<StoredKey> find(const std::string& kid) {
    auto keys = store().load();
    EXPECT_TRUE(keys.has_value());
    for (auto& k : keys.value()) {
      if (k.kid == kid) return k;
    }
    return std::nullopt;
  }

  KeyStoreFactory factory_;
  std::unique_ptr<KeyStore> store_;
};

TEST_P(KeyStoreContract, KeepsEveryColumnAsWritten) {
  EXPECT_TRUE(store().load()->empty());
  StoredKey key = stored_key("k1", KeyState::kRetired, 1700000000);
  key.activated_at = 1700000100;
  key.retired_at = 1700000200;
  ASSERT_TRUE(store().insert(key).value());
  const auto back = find("k1");
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->algorithm, Algorithm::kRS256);
  EXPECT_EQ(back->state, KeyState::kRetired);
  EXPECT_EQ(back->created_at, 1700000000);
  EXPECT_EQ(back->activated_at, 1700000100);
  EXPECT_EQ(back->retired_at, 1700000200);
  EXPECT_EQ(back->public_pem, key.public_pem);
  EXPECT_EQ(back->secret, key.secret);
  ASSERT_TRUE(store().insert(stored_key("hs", KeyState::kNext, 5, Algorithm::kHS512)).value());
  EXPECT_EQ(find("hs")->algorithm, Algorithm::kHS512);
  EXPECT_EQ(find("hs")->public_pem, "");
}

TEST_P(KeyStoreContract, OneActiveKeyOneNextKeyAndUniqueKids) {
  ASSERT_TRUE(store().insert(stored_key("a", KeyState::kActive)).value());
  EXPECT_FALSE(store().insert(stored_key("a2", KeyState::kActive)).value());
  ASSERT_TRUE(store().insert(stored_key("n", KeyState::kNext)).value());
  EXPECT_FALSE(store().insert(stored_key("n2", KeyState::kNext)).value());
  EXPECT_FALSE(store().insert(stored_key("a", KeyState::kRetired)).value()) << "kid taken";
  ASSERT_TRUE(store().insert(stored_key("r1", KeyState::kRetired)).value());
  ASSERT_TRUE(store().insert(stored_key("r2", KeyState::kRetired)).value());
  EXPECT_EQ(store().load()->size(), 4U);
}

TEST_P(KeyStoreContract, ActivateSwitchesKeysOnlyFromTheActiveKeyTheCallerSaw) {
  ASSERT_TRUE(store().insert(stored_key("a", KeyState::kActive)).value());
  ASSERT_TRUE(store().insert(stored_key("n", KeyState::kNext)).value());
  EXPECT_FALSE(store().activate("n", "someone-else", 500).value());
  EXPECT_FALSE(store().activate("n", "", 500).value()) << "there is an active key";
  EXPECT_FALSE(store().activate("missing", "a", 500).value());
  EXPECT_EQ(find("a")->state, KeyState::kActive);
  ASSERT_TRUE(store().activate("n", "a", 500).value());
  EXPECT_EQ(find("n")->state, KeyState::kActive);
  EXPECT_EQ(find("n")->activated_at, 500);
  EXPECT_EQ(find("a")->state, KeyState::kRetired);
  EXPECT_EQ(find("a")->retired_at, 500);
  EXPECT_FALSE(store().activate("n", "a", 600).value()) << "already done by someone";
  // A retired key can be made active again (a rollback): it is no longer retired.
  ASSERT_TRUE(store().activate("a", "n", 700).value());
  EXPECT_EQ(find("a")->state, KeyState::kActive);
  EXPECT_EQ(find("a")->retired_at, 0);
  EXPECT_EQ(find("n")->state, KeyState::kRetired);
}

TEST_P(KeyStoreContract, ActivatesIntoAnEmptyRing) {
  ASSERT_TRUE(store().insert(stored_key("n", KeyState::kNext)).value());
  ASSERT_TRUE(store().activate("n", "", 300).value());
  EXPECT_EQ(find("n")->state, KeyState::kActive);
}

TEST_P(KeyStoreContract, RetiresNextKeysOnlyAndNeverRemovesTheActiveKey) {
  ASSERT_TRUE(store().insert(stored_key("a", KeyState::kActive)).value());
  ASSERT_TRUE(store().insert(stored_key("n", KeyState::kNext)).value());
  EXPECT_FALSE(store().retire("a", 200).value());
  ASSERT_TRUE(store().retire("n", 200).value());
  EXPECT_EQ(find("n")->state, KeyState::kRetired);
  EXPECT_EQ(find("n")->retired_at, 200);
  EXPECT_FALSE(store().retire("n", 300).value());
  EXPECT_FALSE(store().remove("a").value());
  EXPECT_TRUE(find("a").has_value());
  ASSERT_TRUE(store().remove("n").value());
  EXPECT_FALSE(find("n").has_value());
  EXPECT_FALSE(store().remove("n").value());
}

TEST_P(KeyStoreContract, NodesRacingForTheNextKeyAndTheSwitchEachWinOnce) {
  ASSERT_TRUE(store().insert(stored_key("a", KeyState::kActive)).value());
  constexpr int kNodes = 4;
  std::vector<std::unique_ptr<KeyStore>> nodes;
  for (int i = 0; i < kNodes; ++i) nodes.push_back(factory_());
  std::atomic<int> inserted{0};
  std::atomic<int> activated{0};
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < kNodes; ++i) {
      threads.emplace_back([&, i] {
        auto done = nodes[static_cast<std::size_t>(i)]->insert(
            stored_key("n" + std::to_string(i), KeyState::kNext));
        EXPECT_TRUE(done.has_value()) << (done ? "" : done.error().message);
        if (done && *done) ++inserted;
      });
    }
    for (auto& t : threads) t.join();
  }
  EXPECT_EQ(inserted.load(), 1);
  std::string next;
  const auto all = store().load().value();
  for (const auto& k : all) {
    if (k.state == KeyState::kNext) next = k.kid;
  }
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < kNodes; ++i) {
      threads.emplace_back([&, i] {
        auto done = nodes[static_cast<std::size_t>(i)]->activate(next, "a", 900);
        EXPECT_TRUE(done.has_value()) << (done ? "" : done.error().message);
        if (done && *done) ++activated;
      });
    }
    for (auto& t : threads) t.join();
  }
  EXPECT_EQ(activated.load(), 1);
  EXPECT_EQ(find(next)->state, KeyState::kActive);
  EXPECT_EQ(find("a")->state, KeyState::kRetired);
}

}  // namespace restjwt::testing
