// Project Wycheproof HMAC vectors (tests/data/wycheproof/hmac_sha*_test.json) through
// Key::hmac_secret and sign_jws/verify_jws.
//
// JWS carries the full tag (RFC 7518 §3.2): a full-length tag must verify exactly when Wycheproof
// says "valid"; a truncated tag — even a correct prefix that Wycheproof calls valid for
// truncated-MAC use — is refused by its length before any MAC is computed.
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "restjwt/jws.hpp"
#include "unit/jose/test_support.hpp"

namespace restjwt {
namespace {

struct MacFile {
  const char* file;
  Algorithm algorithm;
  std::size_t tag_bits;
};

void PrintTo(const MacFile& f, std::ostream* out) { *out << f.file; }

class WycheproofMac : public ::testing::TestWithParam<MacFile> {};

TEST_P(WycheproofMac, FullTagsVerifyExactlyWhenValidAndTruncatedTagsFailOnLength) {
  const auto& param = GetParam();
  const auto doc = test::load_wycheproof(param.file);
  int checked = 0;
  int full_valid = 0;
  for (const auto& group : doc["testGroups"]) {
    const bool full = group["tagSize"].get<std::size_t>() == param.tag_bits;
    for (const auto& tc : group["tests"]) {
      ++checked;
      const auto key_bytes = test::hex_decode(tc["key"].get<std::string>());
      const auto msg = test::hex_decode(tc["msg"].get<std::string>());
      const auto tag = test::hex_decode(tc["tag"].get<std::string>());
      const bool valid = tc["result"] == "valid";
      SCOPED_TRACE(std::string(param.file) + " tcId " + tc["tcId"].dump() + ": " +
                   tc["comment"].get<std::string>());
      // Wycheproof keys go down to 16 bytes; the server's 32-byte floor is a policy, not HMAC.
      const auto key = Key::hmac_secret(param.algorithm, key_bytes, /*min_bytes=*/1);
      if (key_bytes.empty()) {
        EXPECT_FALSE(key.has_value()) << "an empty HMAC secret is never accepted";
        continue;
      }
      ASSERT_TRUE(key.has_value()) << key.error();
      const auto verdict = verify_jws(*key, msg, tag);
      if (!full) {
        ASSERT_FALSE(verdict.has_value());
        EXPECT_EQ(verdict.error(), ErrorCode::kSignatureLengthInvalid);
        continue;
      }
      EXPECT_EQ(verdict.has_value(), valid);
      if (!verdict.has_value()) {
        EXPECT_EQ(verdict.error(), tag.size() == key->signature_size()
                                       ? ErrorCode::kSignatureInvalid
                                       : ErrorCode::kSignatureLengthInvalid);
      }
      if (valid) {
        ++full_valid;
        EXPECT_EQ(sign_jws(*key, msg).value(), tag);
      }
    }
  }
  EXPECT_EQ(checked, doc["numberOfTests"].get<int>());
  EXPECT_GT(full_valid, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Hmac, WycheproofMac,
    ::testing::Values(MacFile{"hmac_sha256_test.json", Algorithm::kHS256, 256},
                      MacFile{"hmac_sha384_test.json", Algorithm::kHS384, 384},
                      MacFile{"hmac_sha512_test.json", Algorithm::kHS512, 512}),
    [](const auto& param_info) { return std::string(to_string(param_info.param.algorithm)); });

// The per-thread MAC context cache must never mix keys up: alternate more keys than it has slots.
TEST(HmacContextCache, AlternatingManySecretsGivesEachItsOwnMac) {
  std::vector<Key> keys;
  for (int i = 0; i < 9; ++i) {
    keys.push_back(
        test::must_load_secret(Algorithm::kHS256, std::string(32, static_cast<char>('a' + i))));
  }
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const std::string secret(32, static_cast<char>('a' + i));
      EXPECT_EQ(sign_jws(keys[i], "message").value(),
                test::raw_hmac(Algorithm::kHS256, secret, "message"));
    }
  }
}

}  // namespace
}  // namespace restjwt
