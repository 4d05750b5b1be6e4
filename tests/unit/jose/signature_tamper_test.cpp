// Tampering with good tokens: every bit of the signature, header and payload (jwt_verify_lib's
// test), ECDSA r/s outside [1, n-1] and wrong signature lengths, algorithm confusion, and
// header parameters that must never choose the key (wire contract §5.2, §5.3).
#include <memory>
#include <ostream>
#include <string>

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include "restjwt/base64url.hpp"
#include "restjwt/jws.hpp"
#include "restjwt/jwt.hpp"
#include "unit/jose/token_fixtures.hpp"

namespace restjwt {
namespace {

using test::kNow;

struct SignedToken {
  std::string header, payload, signature;  // decoded bytes
  std::string join() const {
    return base64url_encode(header) + "." + base64url_encode(payload) + "." +
           base64url_encode(signature);
  }
};

SignedToken split(const std::string& token) {
  return {base64url_decode(test::segment(token, 0)).value(),
          base64url_decode(test::segment(token, 1)).value(),
          base64url_decode(test::segment(token, 2)).value()};
}

struct KeyPair {
  Key signer;
  Key verifier;
};

KeyPair key_pair(Algorithm algorithm) {
  if (is_hmac(algorithm)) {
    const auto key = test::hs256_key();
    return {key, key};
  }
  const auto pem = test::generate_private_pem(algorithm);
  return {test::must_load_pem(algorithm, pem),
          test::must_load_pem(algorithm, test::public_pem_of(pem))};
}

class BitFlipTest : public ::testing::TestWithParam<Algorithm> {
 protected:
  void SetUp() override {
    const auto payload = parse_json_object_strict(test::payload_with(R"(,"email":"a@b.example")"));
    token_ = encode_jwt(keys_.signer, *payload).value();
    ASSERT_TRUE(verifier_.verify(token_).has_value());
  }
  // Flips bit `bit` of byte `index` in the part chosen by `member` and expects a rejection.
  void expect_rejected_with_bit_flipped(std::string SignedToken::*member, ErrorCode expected_code,
                                        bool exact_code) {
    const SignedToken good = split(token_);
    for (std::size_t index = 0; index < (good.*member).size(); ++index) {
      for (int bit = 0; bit < 8; ++bit) {
        SignedToken bad = good;
        (bad.*member)[index] = static_cast<char>((bad.*member)[index] ^ (1 << bit));
        const auto claims = verifier_.verify(bad.join());
        ASSERT_FALSE(claims.has_value()) << "byte " << index << " bit " << bit;
        if (exact_code) {
          EXPECT_EQ(claims.error(), expected_code) << "byte " << index << " bit " << bit;
        }
      }
    }
  }

  KeyPair keys_ = key_pair(GetParam());
  TokenVerifier verifier_{keys_.verifier, {}, fixed_clock(kNow)};
  std::string token_;
};

TEST_P(BitFlipTest, EveryFlippedSignatureBitIsRejected) {
  expect_rejected_with_bit_flipped(&SignedToken::signature, ErrorCode::kSignatureInvalid, true);
}

TEST_P(BitFlipTest, EveryFlippedHeaderBitIsRejected) {
  expect_rejected_with_bit_flipped(&SignedToken::header, ErrorCode::kSignatureInvalid, false);
}

TEST_P(BitFlipTest, EveryFlippedPayloadBitIsRejected) {
  expect_rejected_with_bit_flipped(&SignedToken::payload, ErrorCode::kSignatureInvalid, false);
}

// The text as sent: every bit of every character, including those that leave the alphabet.
TEST_P(BitFlipTest, EveryFlippedTokenTextBitIsRejected) {
  for (std::size_t index = 0; index < token_.size(); ++index) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string bad = token_;
      bad[index] = static_cast<char>(bad[index] ^ (1 << bit));
      EXPECT_FALSE(verifier_.verify(bad).has_value()) << "char " << index << " bit " << bit;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Algorithms, BitFlipTest,
                         ::testing::Values(Algorithm::kHS256, Algorithm::kRS256, Algorithm::kPS256,
                                           Algorithm::kES256, Algorithm::kES512, Algorithm::kEdDSA),
                         [](const auto& param_info) {
                           return std::string(to_string(param_info.param));
                         });

struct BnFree {
  void operator()(BIGNUM* bn) const noexcept { BN_free(bn); }
};

// The order n of a curve, plus `delta`, as a big-endian integer of `size` bytes.
std::string order_plus(int nid, int delta, std::size_t size) {
  std::unique_ptr<EC_GROUP, decltype(&EC_GROUP_free)> group(EC_GROUP_new_by_curve_name(nid),
                                                            EC_GROUP_free);
  std::unique_ptr<BIGNUM, BnFree> n(BN_dup(EC_GROUP_get0_order(group.get())));
  if (delta >= 0) {
    BN_add_word(n.get(), static_cast<BN_ULONG>(delta));
  } else {
    BN_sub_word(n.get(), static_cast<BN_ULONG>(-delta));
  }
  std::string out(size, '\0');
  BN_bn2binpad(n.get(), reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(size));
  return out;
}

struct Curve {
  Algorithm algorithm;
  int nid;
  std::size_t half;  // bytes of r and of s
};

void PrintTo(const Curve& curve, std::ostream* out) { *out << to_string(curve.algorithm); }

class EcdsaRangeTest : public ::testing::TestWithParam<Curve> {};

TEST_P(EcdsaRangeTest, RefusesROrSOutsideOneToNMinusOneAndWrongLengths) {
  const auto& curve = GetParam();
  const auto keys = key_pair(curve.algorithm);
  const std::string input = "eyJhbGciOiJFUzI1NiJ9.e30";
  const auto good = sign_jws(keys.signer, input).value();
  ASSERT_EQ(good.size(), 2 * curve.half);
  ASSERT_TRUE(verify_jws(keys.verifier, input, good));
  const std::string r = good.substr(0, curve.half);
  const std::string s = good.substr(curve.half);
  const std::string zero(curve.half, '\0');
  const auto n = order_plus(curve.nid, 0, curve.half);
  const auto n1 = order_plus(curve.nid, 1, curve.half);
  for (const auto& bad : {zero + zero, zero + s, r + zero, n + s, r + n, n1 + s, r + n1, n + n}) {
    const auto verdict = verify_jws(keys.verifier, input, bad);
    ASSERT_FALSE(verdict.has_value());
    EXPECT_EQ(verdict.error(), ErrorCode::kSignatureInvalid);
  }
  // s and n - s both verify: JOSE, like PyJWT and Wycheproof, does not demand low S.
  const auto n_minus_s = [&] {
    std::unique_ptr<BIGNUM, BnFree> big_n(BN_bin2bn(
        reinterpret_cast<const unsigned char*>(n.data()), static_cast<int>(n.size()), nullptr));
    std::unique_ptr<BIGNUM, BnFree> big_s(BN_bin2bn(
        reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(s.size()), nullptr));
    BN_sub(big_n.get(), big_n.get(), big_s.get());
    std::string out(curve.half, '\0');
    BN_bn2binpad(big_n.get(), reinterpret_cast<unsigned char*>(out.data()),
                 static_cast<int>(curve.half));
    return out;
  }();
  EXPECT_TRUE(verify_jws(keys.verifier, input, r + n_minus_s));
  // Each half one byte longer (the 66-byte ES256 / 134-byte ES512 mistake) or shorter, one byte
  // more or less in all, nothing.
  for (const auto& bad : {'\0' + r + '\0' + s, r.substr(1) + s.substr(1), good + '\0',
                          good.substr(1), std::string()}) {
    const auto verdict = verify_jws(keys.verifier, input, bad);
    ASSERT_FALSE(verdict.has_value());
    EXPECT_EQ(verdict.error(), ErrorCode::kSignatureLengthInvalid) << bad.size();
  }
}

INSTANTIATE_TEST_SUITE_P(Curves, EcdsaRangeTest,
                         ::testing::Values(Curve{Algorithm::kES256, NID_X9_62_prime256v1, 32},
                                           Curve{Algorithm::kES384, NID_secp384r1, 48},
                                           Curve{Algorithm::kES512, NID_secp521r1, 66}),
                         [](const auto& param_info) {
                           return std::string(to_string(param_info.param.algorithm));
                         });

}  // namespace
}  // namespace restjwt
