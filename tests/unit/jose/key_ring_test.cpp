// The key ring over a store in a temporary directory: the first key, lookups by kid and alg, the
// published key set, the rotation schedule step by step on a fixed clock, nodes racing for the same
// step, keys sealed with a KEK, and a poller that picks up another node's change.
#include "restjwt/key_ring.hpp"

#include <chrono>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "jose/key_seal.hpp"
#include "restjwt/base64url.hpp"
#include "restjwt/directory_key_store.hpp"
#include "restjwt/jwk.hpp"
#include "restjwt/jwt.hpp"
#include "unit/jose/test_support.hpp"

namespace restjwt {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kStart = 1800000000;
const std::string kKek(40, 'K');

struct KeyRingTest : ::testing::Test {
  // A real store: the directory one, in a folder of the test's own.
  test::TempDir dir;
  std::shared_ptr<KeyStore> store = open_directory_key_store(dir.path().string()).value();
  std::int64_t now = kStart;

  KeyRingOptions options(Algorithm algorithm = Algorithm::kHS256) const {
    KeyRingOptions o;
    o.algorithm = algorithm;
    o.token_lifetime = seconds(600);
    o.rotate_every = hours(24 * 30);
    o.publish_ahead = hours(24);
    return o;
  }
  std::shared_ptr<KeyRing> open(KeyRingOptions o) {
    auto ring = KeyRing::open(store, std::move(o), [this] { return now; });
    EXPECT_TRUE(ring.has_value()) << (ring ? "" : ring.error());
    return ring ? *ring : nullptr;
  }
  std::vector<StoredKey> keys(KeyState state) {
    std::vector<StoredKey> found;
    const auto all = store->load().value();
    for (const auto& k : all) {
      if (k.state == state) found.push_back(k);
    }
    return found;
  }
};

TEST_F(KeyRingTest, AnEmptyRingGetsOneActiveKeyNamedByItsThumbprint) {
  const auto ring = open(options());
  ASSERT_EQ(keys(KeyState::kActive).size(), 1U);
  const StoredKey active = keys(KeyState::kActive)[0];
  EXPECT_EQ(active.activated_at, kStart);
  const auto signing = ring->signing_key();
  ASSERT_TRUE(signing.has_value());
  EXPECT_EQ(signing->kid, active.kid);
  EXPECT_EQ(signing->kid, jwk_thumbprint(signing->key));
  // A second node finds it and makes no other.
  const auto second = open(options());
  EXPECT_EQ(second->signing_key()->kid, active.kid);
  EXPECT_EQ(store->load()->size(), 1U);
}

TEST_F(KeyRingTest, LooksKeysUpByKidAndAlgorithm) {
  const auto ring = open(options());
  const std::string kid = ring->signing_key()->kid;
  EXPECT_TRUE(ring->verification_key(kid, "HS256").has_value());
  EXPECT_EQ(ring->verification_key(kid, "HS512").error(), ErrorCode::kAlgorithmNotAllowed);
  EXPECT_EQ(ring->verification_key("nobody", "HS256").error(), ErrorCode::kKeyUnknown);
  // No kid: the active key, and only it.
  EXPECT_TRUE(ring->verification_key(std::nullopt, "HS256").has_value());
  EXPECT_EQ(ring->verification_key(std::nullopt, "RS256").error(), ErrorCode::kAlgorithmNotAllowed);
}

TEST_F(KeyRingTest, RecognisesTheHeadersItsKeysWriteByteForByte) {
  const auto ring = open(options());
  const SigningKey active = ring->signing_key().value();
  const auto token = encode_jwt(active.key, Claims{{"exp", kStart + 60}}, active.kid).value();
  const auto own = ring->key_for_own_header(token.substr(0, token.find('.')));
  ASSERT_TRUE(own.has_value());
  EXPECT_EQ(jwk_thumbprint(*own), active.kid);
  // Any other spelling of the same header goes the long way, through verification_key().
  EXPECT_FALSE(ring->key_for_own_header(
      base64url_encode(R"({"alg":"HS256","kid":")" + active.kid + R"(","typ":"JWT"})")));
  EXPECT_FALSE(ring->key_for_own_header(
      base64url_encode(R"({"typ":"JWT","alg":"HS512","kid":")" + active.kid + R"("})")));
  EXPECT_TRUE(TokenVerifier(*ring, ClaimRules{}, fixed_clock(kStart)).verify(token).has_value());
}

TEST_F(KeyRingTest, RotatesOnScheduleAndRemovesKeysAfterTheirLastToken) {
  const auto ring = open(options());
  const std::string first = ring->signing_key()->kid;
  // Not yet: the next key comes publish_ahead before the active one is rotate_every old.
  now = kStart + 29 * kDay - 1;
  ASSERT_TRUE(ring->rotate().has_value());
  EXPECT_TRUE(keys(KeyState::kNext).empty());
  now = kStart + 29 * kDay;
  ASSERT_TRUE(ring->rotate().has_value());
  ASSERT_EQ(keys(KeyState::kNext).size(), 1U);
  const std::string next = keys(KeyState::kNext)[0].kid;
  EXPECT_EQ(ring->signing_key()->kid, first) << "a next key does not sign";
  EXPECT_TRUE(ring->verification_key(next, "HS256").has_value()) << "but it verifies";
  now = kStart + 30 * kDay;
  ASSERT_TRUE(ring->rotate().has_value());
  EXPECT_EQ(ring->signing_key()->kid, next);
  ASSERT_EQ(keys(KeyState::kRetired).size(), 1U);
  EXPECT_EQ(keys(KeyState::kRetired)[0].retired_at, now);
  // The retired key verifies until its last token has expired (token_lifetime), then goes.
  now += 599;
  ASSERT_TRUE(ring->rotate().has_value());
  EXPECT_TRUE(ring->verification_key(first, "HS256").has_value());
  now += 1;
  ASSERT_TRUE(ring->rotate().has_value());
  EXPECT_EQ(ring->verification_key(first, "HS256").error(), ErrorCode::kKeyUnknown);
  EXPECT_EQ(store->load()->size(), 1U);
}

TEST_F(KeyRingTest, ANextKeyPublishedLateStillWaitsItsPublishAhead) {
  const auto ring = open(options());
  now = kStart + 31 * kDay;  // the node was down when the next key was due
  ASSERT_TRUE(ring->rotate().has_value());
  ASSERT_EQ(keys(KeyState::kNext).size(), 1U);
  now += kDay - 1;
  ASSERT_TRUE(ring->rotate().has_value());
  EXPECT_EQ(keys(KeyState::kNext).size(), 1U) << "verifiers may not have it yet";
  now += 1;
  ASSERT_TRUE(ring->rotate().has_value());
  EXPECT_TRUE(keys(KeyState::kNext).empty());
}

TEST_F(KeyRingTest, NodesRacingForTheSameStepMakeOneChange) {
  const auto first = open(options());
  std::vector<std::shared_ptr<KeyRing>> nodes{first, open(options()), open(options()),
                                              open(options())};
  const auto race = [&] {
    std::vector<std::thread> threads;
    for (const auto& node : nodes) {
      threads.emplace_back([&node] { EXPECT_TRUE(node->rotate().has_value()); });
    }
    for (auto& t : threads) t.join();
  };
  now = kStart + 29 * kDay;
  race();
  EXPECT_EQ(keys(KeyState::kNext).size(), 1U);
  now = kStart + 30 * kDay;
  race();
  EXPECT_EQ(keys(KeyState::kActive).size(), 1U);
  EXPECT_EQ(keys(KeyState::kRetired).size(), 1U);
  EXPECT_TRUE(keys(KeyState::kNext).empty());
  for (const auto& node : nodes) {
    EXPECT_EQ(node->signing_key()->kid, keys(KeyState::kActive)[0].kid);
  }
}

TEST_F(KeyRingTest, PublishesTheAsymmetricKeysOfEveryState) {
  const auto ring = open(options(Algorithm::kES256));
  now = kStart + 29 * kDay;
  ASSERT_TRUE(ring->rotate().has_value());
  now = kStart + 30 * kDay;
  ASSERT_TRUE(ring->rotate().has_value());
  now = kStart + 30 * kDay + 60;  // a new next key is due only in 29 days: add one by hand
  ASSERT_TRUE(store->insert(make_stored_key(Algorithm::kEdDSA, KeyState::kNext, now, "").value()));
  ASSERT_TRUE(ring->reload().has_value());
  const auto jwks = nlohmann::json::parse(ring->jwks());
  ASSERT_EQ(jwks["keys"].size(), 3U);
  std::set<std::string> kids;
  for (const auto& jwk : jwks["keys"]) {
    kids.insert(jwk["kid"].get<std::string>());
    EXPECT_FALSE(jwk.contains("d"));
  }
  const auto all = store->load().value();
  for (const auto& k : all) EXPECT_EQ(kids.count(k.kid), 1U) << k.kid;
  EXPECT_EQ(ring->algorithms(), (std::vector<std::string>{"ES256", "EdDSA"}));
}

TEST_F(KeyRingTest, HmacKeysAreNeverPublished) {
  const auto ring = open(options(Algorithm::kHS512));
  EXPECT_EQ(ring->jwks(), R"({"keys":[]})");
  EXPECT_EQ(ring->algorithms(), (std::vector<std::string>{"HS512"}));
}

TEST_F(KeyRingTest, SealsSecretsWithTheKek) {
  KeyRingOptions sealed = options(Algorithm::kHS256);
  sealed.kek = kKek;
  const auto ring = open(sealed);
  const StoredKey stored = keys(KeyState::kActive)[0];
  EXPECT_TRUE(stored.secret.starts_with("sealed:v1:"));
  EXPECT_TRUE(detail::open_secret(kKek, stored.kid, stored.secret).has_value());
  EXPECT_FALSE(detail::open_secret(kKek, "another-kid", stored.secret).has_value())
      << "the kid is bound to the sealed secret";
  EXPECT_FALSE(detail::open_secret(std::string(40, 'X'), stored.kid, stored.secret).has_value());
  // Another node without the KEK, or with another, cannot use the ring's HMAC key at all.
  EXPECT_FALSE(KeyRing::open(store, options(), [this] { return now; }).has_value());
  KeyRingOptions wrong = options();
  wrong.kek = std::string(40, 'X');
  EXPECT_FALSE(KeyRing::open(store, wrong, [this] { return now; }).has_value());
}

TEST_F(KeyRingTest, AnAsymmetricKeyWhoseSecretCannotBeOpenedStillVerifies) {
  KeyRingOptions sealed = options(Algorithm::kES256);
  sealed.kek = kKek;
  const auto ring = open(sealed);
  // A node with another KEK adds the next key: this node cannot sign with it, but it verifies
  // with its public key, and publishes it.
  now += 60;
  const std::string other_kek(40, 'O');
  ASSERT_TRUE(
      store->insert(make_stored_key(Algorithm::kES256, KeyState::kNext, now, other_kek).value()));
  ASSERT_TRUE(ring->reload().has_value());
  const std::string next = keys(KeyState::kNext)[0].kid;
  EXPECT_TRUE(ring->verification_key(next, "ES256").has_value());
  EXPECT_NE(ring->jwks().find(next), std::string::npos);
  // When it becomes active, this node cannot sign at all: it says so rather than sign with
  // the retired key.
  ASSERT_TRUE(store->activate(next, ring->signing_key()->kid, now).value());
  ASSERT_TRUE(ring->reload().has_value());
  EXPECT_EQ(ring->signing_key().error(), ErrorCode::kInternal);
}

TEST_F(KeyRingTest, AStartedRingPicksUpAnotherNodesChange) {
  const auto ring = open(options());
  ring->start(std::chrono::milliseconds(20));
  const auto other = open(options());
  now = kStart + 29 * kDay;
  ASSERT_TRUE(other->rotate().has_value());
  const std::string next = keys(KeyState::kNext)[0].kid;
  for (int i = 0; i < 250 && !ring->verification_key(next, "HS256"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(ring->verification_key(next, "HS256").has_value());
}

TEST_F(KeyRingTest, AStoreThatCannotBeReadKeepsTheRingAsItWas) {
  const auto ring = open(options());
  const std::string kid = ring->signing_key()->kid;
  test::write_file(dir.path() / "manifest.json", "damaged");
  EXPECT_FALSE(ring->reload().has_value());
  EXPECT_FALSE(ring->rotate().has_value());
  EXPECT_EQ(ring->signing_key()->kid, kid);
  EXPECT_TRUE(ring->verification_key(kid, "HS256").has_value());
}

TEST_F(KeyRingTest, ImportsAnExistingKeyUnderItsThumbprint) {
  const std::string secret(48, 'q');
  const auto stored = import_stored_key(Algorithm::kHS256, secret, KeyState::kActive, now, "");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->kid, jwk_thumbprint(key_from_text(Algorithm::kHS256, secret).value()));
  EXPECT_EQ(stored->secret, secret);
  EXPECT_FALSE(import_stored_key(Algorithm::kHS256, "short", KeyState::kActive, now, ""));
}

}  // namespace
}  // namespace restjwt
