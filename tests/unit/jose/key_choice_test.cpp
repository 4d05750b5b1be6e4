// The key is the configured one, always (wire contract §5.2): algorithm confusion, keys that do not
// fit their algorithm, and the header parameters (jwk, jku, x5u, x5c, kid) that attackers use to
// bring their own key.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/err.h>

#include "restjwt/base64url.hpp"
#include "restjwt/jws.hpp"
#include "restjwt/jwt.hpp"
#include "restjwt/keys.hpp"
#include "unit/jose/token_fixtures.hpp"

namespace restjwt {
namespace {

using test::kNow;

// An asymmetric token over any header JSON, signed with `key`.
std::string signed_with(const Key& key, const std::string& header_json,
                        const std::string& payload) {
  const std::string input = base64url_encode(header_json) + "." + base64url_encode(payload);
  return input + "." + base64url_encode(sign_jws(key, input).value());
}

class ConfusionTest : public ::testing::TestWithParam<Algorithm> {};

// The classic attack: HS256 keyed with the server's public key text, which the attacker has.
TEST_P(ConfusionTest, HmacTokenKeyedWithThePublicKeyPemIsAlgorithmNotAllowed) {
  const auto public_pem = test::public_pem_of(test::generate_private_pem(GetParam()));
  const TokenVerifier verifier(test::must_load_pem(GetParam(), public_pem), {}, fixed_clock(kNow));
  for (const auto alg : {Algorithm::kHS256, Algorithm::kHS384, Algorithm::kHS512}) {
    const std::string header = R"({"typ":"JWT","alg":")" + std::string(to_string(alg)) + "\"}";
    const auto forged = test::hmac_token(alg, public_pem, header, test::payload_with());
    const auto claims = verifier.verify(forged);
    ASSERT_FALSE(claims.has_value());
    EXPECT_EQ(claims.error(), ErrorCode::kAlgorithmNotAllowed);
    EXPECT_EQ(error_class(claims.error()), ErrorClass::kOther);
  }
  // Nor can the operator make that mistake: a public key is refused as an HMAC secret.
  EXPECT_FALSE(Key::hmac_secret(Algorithm::kHS256, public_pem).has_value());
}

INSTANTIATE_TEST_SUITE_P(PublicKeys, ConfusionTest,
                         ::testing::Values(Algorithm::kRS256, Algorithm::kPS256, Algorithm::kES256,
                                           Algorithm::kEdDSA),
                         [](const auto& param_info) {
                           return std::string(to_string(param_info.param));
                         });

TEST(KeyLoading, RefusesKeysThatDoNotFitTheirAlgorithm) {
  const auto rsa = test::generate_private_pem(Algorithm::kRS256);
  const auto p256 = test::generate_private_pem(Algorithm::kES256);
  const auto ed = test::generate_private_pem(Algorithm::kEdDSA);
  EXPECT_FALSE(Key::from_pem(Algorithm::kES256, rsa).has_value());
  EXPECT_FALSE(Key::from_pem(Algorithm::kES384, p256).has_value());
  EXPECT_FALSE(Key::from_pem(Algorithm::kES512, p256).has_value());
  EXPECT_FALSE(Key::from_pem(Algorithm::kRS256, p256).has_value());
  EXPECT_FALSE(Key::from_pem(Algorithm::kEdDSA, p256).has_value());
  EXPECT_FALSE(Key::from_pem(Algorithm::kPS256, ed).has_value());
  EXPECT_FALSE(Key::from_pem(Algorithm::kHS256, rsa).has_value());
  EXPECT_FALSE(Key::from_pem(Algorithm::kRS256, "not a key").has_value());
  EXPECT_FALSE(Key::hmac_secret(Algorithm::kRS256, std::string(64, 'k')).has_value());
  EXPECT_FALSE(Key::hmac_secret(Algorithm::kHS256, std::string(31, 'k')).has_value());
  EXPECT_TRUE(Key::hmac_secret(Algorithm::kHS256, std::string(32, 'k')).has_value());
  EXPECT_FALSE(Key::hmac_secret(Algorithm::kHS256, "", 0).has_value());
  EXPECT_FALSE(
      Key::hmac_secret(Algorithm::kHS256, "ssh-rsa AAAAB3NzaC1yc2E user@host", 1).has_value());
  // A private key (any PEM block) given where a secret belongs is a mistake, not a secret.
  for (const auto& pem : {rsa, p256, ed}) {
    const auto as_secret = Key::hmac_secret(Algorithm::kHS256, pem);
    ASSERT_FALSE(as_secret.has_value());
    EXPECT_NE(as_secret.error().find("PEM key cannot be used as an HMAC secret"), std::string::npos)
        << as_secret.error();
  }
  const auto refused =
      Key::from_pem(Algorithm::kRS256, test::generate_private_pem(Algorithm::kRS256, 1024));
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().find("2048"), std::string::npos) << refused.error();
}

TEST(KeyLoading, PublicKeysVerifyButNeverSign) {
  const auto pem = test::generate_private_pem(Algorithm::kES256);
  const auto public_key = test::must_load_pem(Algorithm::kES256, test::public_pem_of(pem));
  EXPECT_FALSE(public_key.can_sign());
  EXPECT_EQ(sign_jws(public_key, "x.y").error(), ErrorCode::kInternal);
  EXPECT_TRUE(test::must_load_pem(Algorithm::kES256, pem).can_sign());
}

// jwk, jku, x5u, x5c and kid are carried but never used to find a key.
TEST(HeaderKeyParameters, AreIgnoredWhenTheConfiguredKeySigned) {
  const std::string header =
      R"({"typ":"JWT","alg":"HS256","kid":"someone-else","jku":"https://evil.example/jwks",)"
      R"("x5u":"https://evil.example/cert","x5c":["MIIBkTCB+wIJAKHBfpegPjMCMA0GCSqGSIb3DQEBCwUA"],)"
      R"("jwk":{"kty":"oct","k":"YXR0YWNrZXItc2VjcmV0LWF0dGFja2VyLXNlY3JldA"}})";
  const TokenVerifier verifier(test::hs256_key(), {}, fixed_clock(kNow));
  const auto claims = verifier.verify(test::signed_token(header, test::payload_with()));
  EXPECT_TRUE(claims.has_value()) << to_string(claims.error());
}

TEST(HeaderKeyParameters, AnEmbeddedHmacJwkDoesNotMakeItsTokenValid) {
  const std::string attacker_secret = "attacker-secret-attacker-secret";
  const std::string header = R"({"typ":"JWT","alg":"HS256","jwk":{"kty":"oct","k":")" +
                             base64url_encode(attacker_secret) + "\"}}";
  const auto forged =
      test::hmac_token(Algorithm::kHS256, attacker_secret, header, test::payload_with());
  const TokenVerifier verifier(test::hs256_key(), {}, fixed_clock(kNow));
  EXPECT_EQ(verifier.verify(forged).error(), ErrorCode::kSignatureInvalid);
}

TEST(HeaderKeyParameters, AnEmbeddedEcJwkDoesNotMakeItsTokenValid) {
  const auto attacker =
      test::must_load_pem(Algorithm::kES256, test::generate_private_pem(Algorithm::kES256));
  const std::string header =
      R"({"alg":"ES256","jwk":{"kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",)"
      R"("y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"},"jku":"https://evil.example/jwks"})";
  const auto forged = signed_with(attacker, header, test::payload_with());
  const auto server_pem = test::generate_private_pem(Algorithm::kES256);
  const TokenVerifier verifier(
      test::must_load_pem(Algorithm::kES256, test::public_pem_of(server_pem)), {},
      fixed_clock(kNow));
  EXPECT_EQ(verifier.verify(forged).error(), ErrorCode::kSignatureInvalid);
  // The same header on a token the server's own key signed is fine: the parameters are inert.
  const auto own =
      signed_with(test::must_load_pem(Algorithm::kES256, server_pem), header, test::payload_with());
  EXPECT_TRUE(verifier.verify(own).has_value());
}

// Hostile tokens are ordinary traffic: rejecting one must not leave entries on the thread's
// OpenSSL error queue, where the next TLS or libpq call on that thread would find them and
// report a failure of its own (SSL_get_error reads the queue).
TEST(OpenSslErrorQueue, StaysEmptyAfterRejectionsAndKeyLoading) {
  ERR_clear_error();
  for (const auto algorithm :
       {Algorithm::kRS256, Algorithm::kPS256, Algorithm::kES256, Algorithm::kEdDSA}) {
    const auto pem = test::generate_private_pem(algorithm);
    const auto key = test::must_load_pem(algorithm, test::public_pem_of(pem));
    EXPECT_EQ(ERR_peek_error(), 0UL) << "after loading a public key for " << to_string(algorithm);
    const std::string garbage(key.signature_size(), '\x5a');
    EXPECT_FALSE(verify_jws(key, "e30.e30", garbage).has_value());
    EXPECT_EQ(ERR_peek_error(), 0UL)
        << "after rejecting a " << to_string(algorithm) << " signature";
    ERR_clear_error();
  }
  EXPECT_FALSE(Key::from_pem(Algorithm::kRS256,
                             "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
  EXPECT_EQ(ERR_peek_error(), 0UL) << "after refusing a broken PEM";
}

}  // namespace
}  // namespace restjwt
