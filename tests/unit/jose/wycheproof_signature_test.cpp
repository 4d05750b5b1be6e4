// Project Wycheproof signature vectors through Key::from_pem and verify_jws: ECDSA in the JOSE
// (IEEE P1363, raw R‖S) form, Ed25519, RSA PKCS#1 v1.5 (RS256) and RSA-PSS (PS256).
//
// "valid" must verify and "invalid" must not. "acceptable" (only rsa_signature_2048_sha256 tcId 8,
// a DigestInfo without its NULL parameter) is deliberately not asserted: it is a signature made
// with the private key in a legacy encoding, not a forgery; RFC 8017 §8.2.2 leaves it to the
// verifier, restjwt leaves it to OpenSSL (as PyJWT does through python3-cryptography), and the
// outcome is recorded in the test's XML output so that a change is visible.
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "restjwt/jws.hpp"
#include "unit/jose/test_support.hpp"

namespace restjwt {
namespace {

struct SignatureFile {
  const char* file;
  Algorithm algorithm;
  const char* name;
};

void PrintTo(const SignatureFile& f, std::ostream* out) { *out << f.file; }

class WycheproofSignature : public ::testing::TestWithParam<SignatureFile> {};

TEST_P(WycheproofSignature, VerifiesExactlyTheValidSignatures) {
  const auto& param = GetParam();
  const auto doc = test::load_wycheproof(param.file);
  int checked = 0;
  int valid = 0;
  std::string acceptable_outcomes;
  for (const auto& group : doc["testGroups"]) {
    const auto key = test::must_load_pem(param.algorithm, group["publicKeyPem"].get<std::string>());
    for (const auto& tc : group["tests"]) {
      ++checked;
      const auto msg = test::hex_decode(tc["msg"].get<std::string>());
      const auto sig = test::hex_decode(tc["sig"].get<std::string>());
      const std::string result = tc["result"];
      SCOPED_TRACE(std::string(param.file) + " tcId " + tc["tcId"].dump() + ": " +
                   tc["comment"].get<std::string>() + " " + tc["flags"].dump());
      const auto verdict = verify_jws(key, msg, sig);
      if (result == "acceptable") {
        acceptable_outcomes += tc["tcId"].dump() + (verdict ? "=accepted " : "=rejected ");
        continue;
      }
      EXPECT_EQ(verdict.has_value(), result == "valid");
      valid += result == "valid" ? 1 : 0;
      if (!verdict.has_value() && sig.size() != key.signature_size()) {
        // JOSE signatures have one length per key; anything else is refused before any crypto.
        EXPECT_EQ(verdict.error(), ErrorCode::kSignatureLengthInvalid);
      }
    }
  }
  EXPECT_EQ(checked, doc["numberOfTests"].get<int>());
  EXPECT_GT(valid, 0);
  if (!acceptable_outcomes.empty()) {
    RecordProperty("acceptable", acceptable_outcomes);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Signatures, WycheproofSignature,
    ::testing::Values(
        SignatureFile{"ecdsa_secp256r1_sha256_p1363_test.json", Algorithm::kES256, "ES256"},
        SignatureFile{"ecdsa_secp384r1_sha384_p1363_test.json", Algorithm::kES384, "ES384"},
        SignatureFile{"ecdsa_secp521r1_sha512_p1363_test.json", Algorithm::kES512, "ES512"},
        SignatureFile{"ed25519_test.json", Algorithm::kEdDSA, "EdDSA"},
        SignatureFile{"rsa_signature_2048_sha256_test.json", Algorithm::kRS256, "RS256"},
        SignatureFile{"rsa_pss_2048_sha256_mgf1_32_test.json", Algorithm::kPS256, "PS256"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace restjwt
