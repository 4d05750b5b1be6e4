// Another issuer's key set, with a fake fetcher and a fake monotonic clock: what is taken from a
// JWKS, the cache's schedule (fresh, refreshed before it expires, stale while fetches fail), and
// unknown kids asking for a fetch no more often than refetch_min_interval.
#include "restjwt/remote_jwks.hpp"

#include <chrono>
#include <deque>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "restjwt/jwk.hpp"
#include "unit/jose/test_support.hpp"

namespace restjwt {
namespace {

using std::chrono::seconds;
using TimePoint = std::chrono::steady_clock::time_point;

Key new_key(Algorithm algorithm) {
  return test::must_load_pem(algorithm, test::generate_private_pem(algorithm));
}

nlohmann::json jwk_of(const Key& key, const std::string& kid) {
  return nlohmann::json::parse(public_jwk(key, kid).value());
}

std::string jwks_of(std::initializer_list<nlohmann::json> keys) {
  return nlohmann::json{{"keys", keys}}.dump();
}

TEST(ParseJwks, TakesTheKeysOfTheAcceptedAlgorithmsAndSkipsTheRest) {
  const Key rsa = new_key(Algorithm::kRS256);
  const Key ec = new_key(Algorithm::kES256);
  auto no_alg = jwk_of(rsa, "rsa-no-alg");
  no_alg.erase("alg");
  auto encryption = jwk_of(rsa, "enc");
  encryption["use"] = "enc";
  const std::string text =
      jwks_of({jwk_of(rsa, "rsa"), jwk_of(ec, "ec"), no_alg, encryption,
               nlohmann::json{{"kty", "oct"}, {"k", "c2VjcmV0"}, {"kid", "hmac"}},
               nlohmann::json{{"kty", "RSA"}, {"kid", "broken"}}, nlohmann::json("not a key")});
  const std::array<Algorithm, 2> accepted{Algorithm::kRS256, Algorithm::kPS256};
  const auto keys = parse_jwks(text, accepted);
  ASSERT_TRUE(keys.has_value()) << keys.error();
  std::vector<std::pair<std::string, Algorithm>> found;
  for (const auto& k : *keys) found.emplace_back(k.kid, k.key.algorithm());
  // "rsa" says RS256; the JWK without alg fits both accepted RSA algorithms.
  EXPECT_EQ(found,
            (std::vector<std::pair<std::string, Algorithm>>{{"rsa", Algorithm::kRS256},
                                                            {"rsa-no-alg", Algorithm::kRS256},
                                                            {"rsa-no-alg", Algorithm::kPS256}}));
  EXPECT_FALSE(parse_jwks(R"({"keys":{}})", accepted).has_value());
  EXPECT_FALSE(parse_jwks("[]", accepted).has_value());
  EXPECT_FALSE(parse_jwks(R"({"keys":[],"keys":[]})", accepted).has_value());
  EXPECT_TRUE(parse_jwks(R"({"keys":[]})", accepted)->empty());
}

struct RemoteJwksTest : ::testing::Test {
  TimePoint now{};  // the fake monotonic clock
  std::deque<Expected<std::string, std::string>> answers;
  int fetches = 0;
  Key first = new_key(Algorithm::kES256);
  Key second = new_key(Algorithm::kES256);
  std::unique_ptr<RemoteJwks> jwks;

  void SetUp() override {
    RemoteJwksOptions options;
    options.name = "https://issuer.example/jwks.json";
    options.algorithms = {Algorithm::kES256};
    options.cache_lifetime = seconds(600);
    options.refresh_before = seconds(60);
    options.refetch_min_interval = seconds(30);
    jwks = std::make_unique<RemoteJwks>(
        options,
        [this]() -> Expected<std::string, std::string> {
          ++fetches;
          if (answers.empty()) return unexpected(std::string("no answer scripted"));
          auto answer = answers.front();
          answers.pop_front();
          return answer;
        },
        ignore_events(), [this] { return now; });
  }
  bool knows(const std::string& kid) const {
    return jwks->verification_key(kid, "ES256").has_value();
  }
};

TEST_F(RemoteJwksTest, ChoosesByKidAndAcceptedAlgorithm) {
  answers.push_back(jwks_of({jwk_of(first, "one"), jwk_of(second, "two")}));
  ASSERT_TRUE(jwks->fetch().has_value());
  EXPECT_EQ(jwks->key_count(), 2U);
  EXPECT_TRUE(knows("one"));
  EXPECT_TRUE(knows("two"));
  EXPECT_EQ(jwks->verification_key("one", "RS256").error(), ErrorCode::kAlgorithmNotAllowed);
  EXPECT_EQ(jwks->verification_key("one", "HS256").error(), ErrorCode::kAlgorithmNotAllowed);
  EXPECT_EQ(jwks->verification_key("three", "ES256").error(), ErrorCode::kKeyUnknown);
  // Without kid, a set of two keys does not say which: refused.
  EXPECT_EQ(jwks->verification_key(std::nullopt, "ES256").error(), ErrorCode::kKeyUnknown);
  EXPECT_EQ(jwks->signing_key().error(), ErrorCode::kInternal);
}

TEST_F(RemoteJwksTest, ATokenWithoutKidIsCheckedWhenTheSetHasOneKeyOfItsAlgorithm) {
  answers.push_back(jwks_of({jwk_of(first, "one")}));
  ASSERT_TRUE(jwks->fetch().has_value());
  EXPECT_TRUE(jwks->verification_key(std::nullopt, "ES256").has_value());
}

TEST_F(RemoteJwksTest, RefreshesBeforeTheCachedSetExpires) {
  answers.push_back(jwks_of({jwk_of(first, "one")}));
  ASSERT_TRUE(jwks->fetch().has_value());
  EXPECT_EQ(jwks->run_due(), now + seconds(540));
  now += seconds(539);
  jwks->run_due();
  EXPECT_EQ(fetches, 1);
  now += seconds(1);
  answers.push_back(jwks_of({jwk_of(second, "two")}));
  EXPECT_EQ(jwks->run_due(), now + seconds(540));
  EXPECT_EQ(fetches, 2);
  EXPECT_TRUE(knows("two"));
  EXPECT_FALSE(knows("one")) << "the issuer dropped it";
}

TEST_F(RemoteJwksTest, KeepsStaleKeysWhileFetchesFailAndRetriesEveryRefetchInterval) {
  answers.push_back(jwks_of({jwk_of(first, "one")}));
  ASSERT_TRUE(jwks->fetch().has_value());
  now += seconds(540);
  answers.push_back(unexpected(std::string("connection refused")));
  EXPECT_EQ(jwks->run_due(), now + seconds(30));
  now += seconds(3600);  // long past the cache lifetime
  answers.push_back(unexpected(std::string("timed out")));
  jwks->run_due();
  EXPECT_TRUE(knows("one")) << "stale, but the issuer cannot say otherwise";
  EXPECT_EQ(fetches, 3);
}

TEST_F(RemoteJwksTest, AnUnknownKidAsksForAFetchAtMostOncePerInterval) {
  answers.push_back(jwks_of({jwk_of(first, "one")}));
  ASSERT_TRUE(jwks->fetch().has_value());
  now += seconds(10);
  // The issuer rotated: its new kid asks for a fetch, done at once (not at the refresh time).
  answers.push_back(jwks_of({jwk_of(first, "one"), jwk_of(second, "two")}));
  EXPECT_FALSE(knows("two"));
  EXPECT_EQ(jwks->run_due(), now + seconds(540));
  EXPECT_EQ(fetches, 2);
  EXPECT_TRUE(knows("two"));
  // Invented kids: the first within the interval already asked; these cost the issuer nothing.
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(knows("invented-" + std::to_string(i)));
  jwks->run_due();
  EXPECT_EQ(fetches, 2);
  now += seconds(30);
  EXPECT_FALSE(knows("invented-again"));
  jwks->run_due();
  EXPECT_EQ(fetches, 3);
  EXPECT_TRUE(knows("two")) << "that fetch failed: the keys stay";
}

TEST_F(RemoteJwksTest, NothingFetchedYetMeansEveryKidIsUnknown) {
  answers.push_back(unexpected(std::string("connection refused")));
  EXPECT_FALSE(jwks->fetch().has_value());
  EXPECT_EQ(jwks->key_count(), 0U);
  EXPECT_EQ(jwks->verification_key("one", "ES256").error(), ErrorCode::kKeyUnknown);
}

}  // namespace
}  // namespace restjwt
