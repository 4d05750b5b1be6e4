// Tokens with a `kid`: the header restjwt writes, and how a verifier with a KeySource picks the key
// by kid and alg alone — never by jwk, jku, x5u or x5c — with the other header rules unchanged.
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "restjwt/base64url.hpp"
#include "restjwt/jwk.hpp"
#include "restjwt/jws.hpp"
#include "restjwt/jwt.hpp"
#include "unit/jose/test_support.hpp"

namespace restjwt {
namespace {

constexpr std::int64_t kNow = 1800000000;
const std::string kPayload = R"({"user_id":1,"username":"u","exp":1800000300})";

// Keys by kid; a token without kid gets `default_kid`'s key. Records what it was asked.
class FakeKeySource final : public KeySource {
 public:
  Expected<Key> verification_key(std::optional<std::string_view> kid,
                                 std::string_view alg) const override {
    asked_kid = kid ? std::optional<std::string>(*kid) : std::nullopt;
    const auto found = keys.find(kid ? std::string(*kid) : default_kid);
    if (found == keys.end()) return unexpected(ErrorCode::kKeyUnknown);
    if (to_string(found->second.algorithm()) != alg) {
      return unexpected(ErrorCode::kAlgorithmNotAllowed);
    }
    return found->second;
  }
  Expected<SigningKey> signing_key() const override {
    return SigningKey{keys.at(default_kid), default_kid};
  }

  std::map<std::string, Key> keys;
  std::string default_kid;
  mutable std::optional<std::string> asked_kid;
};

struct KidHeaderTest : ::testing::Test {
  KidHeaderTest() {
    source.keys.emplace("hs-1", hs1);
    source.keys.emplace("hs-2", hs2);
    source.keys.emplace("es-1", es1);
    source.default_kid = "hs-1";
  }
  Expected<Claims> verify(const std::string& token) const {
    return TokenVerifier(source, ClaimRules{}, fixed_clock(kNow)).verify(token);
  }
  Key hs1 = test::must_load_secret(Algorithm::kHS256, std::string(32, '1'));
  Key hs2 = test::must_load_secret(Algorithm::kHS256, std::string(32, '2'));
  Key es1 = test::must_load_pem(Algorithm::kES256, test::generate_private_pem(Algorithm::kES256));
  FakeKeySource source;
};

TEST_F(KidHeaderTest, HeaderIsPyJwt17sWithTheKidLast) {
  const auto token = encode_jwt(hs2, parse_json_object_strict(kPayload).value(), "hs-2");
  ASSERT_TRUE(token.has_value());
  const auto header = token->substr(0, token->find('.'));
  EXPECT_EQ(base64url_decode(header).value(), R"({"typ":"JWT","alg":"HS256","kid":"hs-2"})");
  // Without a kid, nothing changes: the exact drf-jwt header.
  const auto plain = encode_jwt(hs2, parse_json_object_strict(kPayload).value());
  EXPECT_EQ(base64url_decode(plain->substr(0, plain->find('.'))).value(),
            R"({"typ":"JWT","alg":"HS256"})");
}

TEST_F(KidHeaderTest, RefusesAKidThatWouldNeedEscaping) {
  const Claims payload = parse_json_object_strict(kPayload).value();
  EXPECT_FALSE(encode_jwt(hs1, payload, "").has_value());
  EXPECT_FALSE(encode_jwt(hs1, payload, "a\"b").has_value());
  EXPECT_FALSE(encode_jwt(hs1, payload, std::string(129, 'k')).has_value());
  EXPECT_TRUE(encode_jwt(hs1, payload, "A-z_0.9").has_value());
}

TEST_F(KidHeaderTest, TheKidChoosesTheKey) {
  const Claims payload = parse_json_object_strict(kPayload).value();
  EXPECT_TRUE(verify(encode_jwt(hs1, payload, "hs-1").value()).has_value());
  EXPECT_TRUE(verify(encode_jwt(hs2, payload, "hs-2").value()).has_value());
  EXPECT_TRUE(verify(encode_jwt(es1, payload, "es-1").value()).has_value());
  EXPECT_EQ(source.asked_kid, "es-1");
  // Signed with one key, naming another.
  EXPECT_EQ(verify(encode_jwt(hs1, payload, "hs-2").value()).error(), ErrorCode::kSignatureInvalid);
}

TEST_F(KidHeaderTest, AnUnknownKidIsADecodeError) {
  const auto token = encode_jwt(hs1, parse_json_object_strict(kPayload).value(), "nobody");
  EXPECT_EQ(verify(token.value()).error(), ErrorCode::kKeyUnknown);
  EXPECT_EQ(error_class(ErrorCode::kKeyUnknown), ErrorClass::kDecode);
}

TEST_F(KidHeaderTest, TheKidsKeyMustBeForTheHeadersAlgorithm) {
  // es-1 named with HS256 and signed with es-1's public key as an HMAC secret: algorithm
  // confusion, refused before any signature is checked.
  const std::string public_pem = public_key_pem(es1);
  const std::string token = test::hmac_token(
      Algorithm::kHS256, public_pem, R"({"typ":"JWT","alg":"HS256","kid":"es-1"})", kPayload);
  EXPECT_EQ(verify(token).error(), ErrorCode::kAlgorithmNotAllowed);
}

TEST_F(KidHeaderTest, WithoutKidTheSourceDecides) {
  const std::string token = test::hmac_token(Algorithm::kHS256, std::string(32, '1'),
                                             R"({"typ":"JWT","alg":"HS256"})", kPayload);
  EXPECT_TRUE(verify(token).has_value());
  EXPECT_EQ(source.asked_kid, std::nullopt);
}

TEST_F(KidHeaderTest, OtherHeaderShapesAreParsedStrictly) {
  const std::string secret(32, '2');
  const auto with_header = [&](const std::string& header) {
    return verify(test::hmac_token(Algorithm::kHS256, secret, header, kPayload));
  };
  EXPECT_TRUE(with_header(R"({"kid":"hs-2","alg":"HS256"})").has_value());
  EXPECT_TRUE(with_header(R"({"alg":"HS256","kid":"hs-2","typ":"JWT","x":[1]})").has_value());
  EXPECT_EQ(with_header(R"({"alg":"HS256","kid":2})").error(), ErrorCode::kHeaderInvalid);
  EXPECT_EQ(with_header(R"({"alg":"HS256","kid":"hs-2","kid":"hs-1"})").error(),
            ErrorCode::kHeaderInvalid);
  EXPECT_EQ(with_header(R"({"alg":"none","kid":"hs-2"})").error(), ErrorCode::kAlgorithmNotAllowed);
  EXPECT_EQ(with_header(R"({"kid":"hs-2"})").error(), ErrorCode::kAlgorithmNotAllowed);
  EXPECT_EQ(with_header(R"({"alg":"HS256","kid":"hs-2","crit":["exp"]})").error(),
            ErrorCode::kHeaderCritUnsupported);
  // Look-alikes of the header restjwt writes, which its parser-free reading must not take.
  EXPECT_EQ(with_header(R"({"typ":"JWT","alg":"HS256","kid":"hs-2","kid":"hs-1"})").error(),
            ErrorCode::kHeaderInvalid);
  EXPECT_EQ(
      with_header(R"({"typ":"JWT","alg":"HS256","kid":"a","alg":"none","kid":"hs-2"})").error(),
      ErrorCode::kHeaderInvalid);
  EXPECT_TRUE(with_header(R"({"typ":"JWT","alg":"HS256","kid":"hs\u002d2"})").has_value())
      << "the strict parser reads hs\\u002d2 as hs-2";
}

TEST_F(KidHeaderTest, KeysEmbeddedInTheHeaderAreNeverUsed) {
  // The attacker signs with a key of their own and offers it in every way a header can.
  const Key attacker =
      test::must_load_pem(Algorithm::kES256, test::generate_private_pem(Algorithm::kES256));
  const auto jwk = nlohmann::json::parse(public_jwk(attacker, "es-1").value());
  for (const std::string member : {"jwk", "jku", "x5u", "x5c"}) {
    SCOPED_TRACE(member);
    nlohmann::json header = {{"alg", "ES256"}, {"kid", "es-1"}};
    header[member] = member == "jwk"   ? jwk
                     : member == "x5c" ? nlohmann::json::array({"MIIB"})
                                       : nlohmann::json("https://attacker.example/keys");
    const std::string signing_input =
        base64url_encode(header.dump()) + "." + base64url_encode(kPayload);
    const auto signature = sign_jws(attacker, signing_input);
    ASSERT_TRUE(signature.has_value());
    EXPECT_EQ(verify(signing_input + "." + base64url_encode(*signature)).error(),
              ErrorCode::kSignatureInvalid);
  }
}

}  // namespace
}  // namespace restjwt
