// Wire contract §5.1–5.4 as a table of hostile tokens: syntax, header, signature, payload. Every
// token is correctly signed over its raw bytes (unless the signature is the point), so each row
// fails if the rule it names is removed. Claims (§5.5) are in claim_rules_test.cpp.
#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "restjwt/jwt.hpp"
#include "unit/jose/token_fixtures.hpp"

namespace restjwt {
namespace {

using test::kHeader;
using test::payload_with;
using test::segment;
using test::signed_payload;
using test::signed_segments;
using test::signed_token;

struct HostileToken {
  std::string name;
  std::string token;
  ErrorCode code;
  ErrorClass error_class;
};

void PrintTo(const HostileToken& row, std::ostream* out) { *out << row.name; }

const std::string kGood = signed_payload(payload_with());
const std::string kGoodHeader(segment(kGood, 0));
const std::string kGoodPayload(segment(kGood, 1));

// A correctly signed token of exactly `size` characters (a filler claim sets the length).
std::string token_of_size(std::size_t size) {
  const auto with_filler = [](std::size_t filler) {
    return signed_payload(payload_with(R"(,"pad":")" + std::string(filler, 'x') + "\""));
  };
  // Four characters of token per three of filler: start just below and walk up.
  const std::size_t base = with_filler(0).size();
  std::size_t filler = size > base + 8 ? (size - base) * 3 / 4 - 4 : 0;
  for (;; ++filler) {
    auto token = with_filler(filler);
    if (token.size() >= size) {
      EXPECT_EQ(token.size(), size) << "no filler gives exactly this size";
      return token;
    }
  }
}

enum class Nesting { kObjects, kArrays };

// A payload `depth` containers deep, the payload object itself being the first:
// {"exp":…,"d":{"d":…{"d":1}}} or {"exp":…,"d":[[…[1]]]}; the innermost container holds a
// scalar, or nothing when `empty_innermost`.
std::string nested_payload(int depth, Nesting nesting, bool empty_innermost) {
  const bool objects = nesting == Nesting::kObjects;
  std::string inner = empty_innermost ? "" : (objects ? R"("d":1)" : "1");
  for (int level = depth; level >= 2; --level) {
    inner = objects ? "{" + inner + "}" : "[" + inner + "]";
    if (level > 2 && objects) {
      inner = R"("d":)" + inner;
    }
  }
  return payload_with(R"(,"d":)" + inner);
}

// The last character of a segment changed so that only its unused low bits differ.
std::string with_trailing_bits_set(std::string segment_text) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const auto index = kAlphabet.find(segment_text.back());
  segment_text.back() = kAlphabet[index ^ 1U];
  return segment_text;
}

std::vector<HostileToken> syntax_cases() {
  const std::string std_alphabet_payload = base64url_encode(payload_with(R"(,"q":"???>>>")"));
  auto slash = std_alphabet_payload;
  std::replace(slash.begin(), slash.end(), '_', '/');
  auto plus = std_alphabet_payload;
  std::replace(plus.begin(), plus.end(), '-', '+');
  // A payload whose encoding would need padding: its last character has unused bits.
  std::string needs_padding;
  for (std::string pad; needs_padding.size() % 4 == 0; pad += 'x') {
    needs_padding = base64url_encode(payload_with(R"(,"p":")" + pad + "\""));
  }
  const std::string padding((4 - needs_padding.size() % 4) % 4, '=');
  return {
      {"TooLong8193Bytes", token_of_size(8193), ErrorCode::kTokenTooLong, ErrorClass::kDecode},
      {"OneSegment", kGoodHeader, ErrorCode::kTokenMalformed, ErrorClass::kDecode},
      {"TwoSegments", kGoodHeader + "." + kGoodPayload, ErrorCode::kTokenMalformed,
       ErrorClass::kDecode},
      {"FourSegments", kGood + ".e30", ErrorCode::kTokenMalformed, ErrorClass::kDecode},
      {"TrailingDot", kGood + ".", ErrorCode::kTokenMalformed, ErrorClass::kDecode},
      {"Empty", "", ErrorCode::kTokenMalformed, ErrorClass::kDecode},
      {"PaddedSignature", kGood + "=", ErrorCode::kBase64Invalid, ErrorClass::kDecode},
      {"PaddedPayload", signed_segments(kGoodHeader, needs_padding + padding),
       ErrorCode::kBase64Invalid, ErrorClass::kDecode},
      {"SpaceInPayload", signed_segments(kGoodHeader, " " + kGoodPayload),
       ErrorCode::kBase64Invalid, ErrorClass::kDecode},
      {"NewlineInHeader",
       signed_segments(kGoodHeader.substr(0, 8) + "\n" + kGoodHeader.substr(8), kGoodPayload),
       ErrorCode::kBase64Invalid, ErrorClass::kDecode},
      {"TrailingNewline", kGood + "\n", ErrorCode::kBase64Invalid, ErrorClass::kDecode},
      {"LeadingSpace", " " + kGood, ErrorCode::kBase64Invalid, ErrorClass::kDecode},
      {"SlashInsteadOfUnderscore", signed_segments(kGoodHeader, slash), ErrorCode::kBase64Invalid,
       ErrorClass::kDecode},
      {"PlusInsteadOfMinus", signed_segments(kGoodHeader, plus), ErrorCode::kBase64Invalid,
       ErrorClass::kDecode},
      {"SignatureUnusedBitsSet",
       kGoodHeader + "." + kGoodPayload + "." +
           with_trailing_bits_set(std::string(segment(kGood, 2))),
       ErrorCode::kBase64Invalid, ErrorClass::kDecode},
      {"PayloadUnusedBitsSet", signed_segments(kGoodHeader, with_trailing_bits_set(needs_padding)),
       ErrorCode::kBase64Invalid, ErrorClass::kDecode},
      {"SegmentLengthOneModFour",
       signed_segments(kGoodHeader,
                       kGoodPayload + std::string((5 - kGoodPayload.size() % 4) % 4, 'A')),
       ErrorCode::kBase64Invalid, ErrorClass::kDecode},
  };
}

std::vector<HostileToken> header_cases() {
  struct Row {
    const char* name;
    std::string json;
    ErrorCode code;
  };
  const std::vector<Row> rows = {
      {"NotJson", R"({"typ":"JWT","alg":"HS256")", ErrorCode::kHeaderInvalid},
      {"Array", R"(["HS256"])", ErrorCode::kHeaderInvalid},
      {"String", R"("HS256")", ErrorCode::kHeaderInvalid},
      {"Null", "null", ErrorCode::kHeaderInvalid},
      {"DuplicateAlg", R"({"alg":"HS256","alg":"HS256"})", ErrorCode::kHeaderInvalid},
      // Python's json keeps the last `alg` (HS256), simdjson the first (none).
      {"DuplicateAlgNoneFirst", R"({"alg":"none","alg":"HS256"})", ErrorCode::kHeaderInvalid},
      {"InvalidUtf8", "{\"typ\":\"JWT\xff\",\"alg\":\"HS256\"}", ErrorCode::kHeaderInvalid},
      {"OverlongUtf8", "{\"typ\":\"\xC0\xAF\",\"alg\":\"HS256\"}", ErrorCode::kHeaderInvalid},
      {"LoneSurrogateEscape", R"({"typ":"\ud800","alg":"HS256"})", ErrorCode::kHeaderInvalid},
      {"Bom", "\xEF\xBB\xBF{\"typ\":\"JWT\",\"alg\":\"HS256\"}", ErrorCode::kHeaderInvalid},
      {"TrailingGarbage", R"({"typ":"JWT","alg":"HS256"} x)", ErrorCode::kHeaderInvalid},
      {"AlgMissing", R"({"typ":"JWT"})", ErrorCode::kAlgorithmNotAllowed},
      {"AlgNone", R"({"alg":"none"})", ErrorCode::kAlgorithmNotAllowed},
      {"AlgNoneCapitalised", R"({"alg":"None"})", ErrorCode::kAlgorithmNotAllowed},
      {"AlgNoneUpperCase", R"({"alg":"NONE"})", ErrorCode::kAlgorithmNotAllowed},
      {"AlgEmpty", R"({"alg":""})", ErrorCode::kAlgorithmNotAllowed},
      {"AlgLowerCase", R"({"alg":"hs256"})", ErrorCode::kAlgorithmNotAllowed},
      {"AlgTrailingSpace", R"({"alg":"HS256 "})", ErrorCode::kAlgorithmNotAllowed},
      {"AlgHS512WhenHS256", R"({"alg":"HS512"})", ErrorCode::kAlgorithmNotAllowed},
      {"AlgRS256WhenHS256", R"({"alg":"RS256"})", ErrorCode::kAlgorithmNotAllowed},
      {"AlgArray", R"({"alg":["HS256"]})", ErrorCode::kAlgorithmNotAllowed},
      {"AlgNull", R"({"alg":null})", ErrorCode::kAlgorithmNotAllowed},
      {"Crit", R"({"typ":"JWT","alg":"HS256","crit":["exp"]})", ErrorCode::kHeaderCritUnsupported},
      {"CritEmpty", R"({"typ":"JWT","alg":"HS256","crit":[]})", ErrorCode::kHeaderCritUnsupported},
      // §5.2 order: `alg` is checked before `crit`.
      {"CritWithAlgNone", R"({"alg":"none","crit":["exp"]})", ErrorCode::kAlgorithmNotAllowed},
  };
  std::vector<HostileToken> cases;
  for (const auto& row : rows) {
    const auto cls =
        row.code == ErrorCode::kAlgorithmNotAllowed ? ErrorClass::kOther : ErrorClass::kDecode;
    cases.push_back({row.name, signed_token(row.json, payload_with()), row.code, cls});
  }
  return cases;
}

std::vector<HostileToken> signature_and_payload_cases() {
  const std::string input = kGoodHeader + "." + kGoodPayload;
  const auto mac = base64url_decode(segment(kGood, 2)).value();
  auto forged = mac;
  forged[0] = static_cast<char>(forged[0] ^ 1);
  const auto payload = [](const std::string& json) { return signed_payload(json); };
  return {
      {"SignatureEmpty", input + ".", ErrorCode::kSignatureLengthInvalid, ErrorClass::kDecode},
      {"SignatureOneByteShort", input + "." + base64url_encode(mac.substr(1)),
       ErrorCode::kSignatureLengthInvalid, ErrorClass::kDecode},
      {"SignatureOneByteLong", input + "." + base64url_encode(mac + '\0'),
       ErrorCode::kSignatureLengthInvalid, ErrorClass::kDecode},
      {"SignatureOfAnotherKey",
       test::hmac_token(Algorithm::kHS256, "another-secret-another-secret-32", kHeader,
                        payload_with()),
       ErrorCode::kSignatureInvalid, ErrorClass::kDecode},
      {"SignatureOneBitOff", input + "." + base64url_encode(forged), ErrorCode::kSignatureInvalid,
       ErrorClass::kDecode},
      {"PayloadNotJson", payload("exp=1"), ErrorCode::kPayloadInvalid, ErrorClass::kDecode},
      {"PayloadArray", payload(R"([{"exp":1}])"), ErrorCode::kPayloadInvalid, ErrorClass::kDecode},
      {"PayloadString", payload(R"("exp")"), ErrorCode::kPayloadInvalid, ErrorClass::kDecode},
      {"PayloadEmpty", payload(""), ErrorCode::kPayloadInvalid, ErrorClass::kDecode},
      // Python keeps the last `exp`, simdjson the first: the token means two things. Refused.
      {"PayloadDuplicateExp", payload(payload_with(R"(,"exp":1)")), ErrorCode::kPayloadInvalid,
       ErrorClass::kDecode},
      {"PayloadDuplicateUsername", payload(payload_with(R"(,"username":"root")")),
       ErrorCode::kPayloadInvalid, ErrorClass::kDecode},
      {"PayloadNestedDuplicate", payload(payload_with(R"(,"a":{"b":1,"b":2})")),
       ErrorCode::kPayloadInvalid, ErrorClass::kDecode},
      {"PayloadDepth65Objects", payload(nested_payload(65, Nesting::kObjects, false)),
       ErrorCode::kPayloadInvalid, ErrorClass::kDecode},
      {"PayloadDepth65EmptyObject", payload(nested_payload(65, Nesting::kObjects, true)),
       ErrorCode::kPayloadInvalid, ErrorClass::kDecode},
      {"PayloadDepth65Arrays", payload(nested_payload(65, Nesting::kArrays, false)),
       ErrorCode::kPayloadInvalid, ErrorClass::kDecode},
      {"PayloadDepth65EmptyArray", payload(nested_payload(65, Nesting::kArrays, true)),
       ErrorCode::kPayloadInvalid, ErrorClass::kDecode},
      {"PayloadInvalidUtf8", payload(payload_with(",\"email\":\"\xE9t\xE9\"")),
       ErrorCode::kPayloadInvalid, ErrorClass::kDecode},
      {"PayloadLoneSurrogate", payload(payload_with(R"(,"email":"\udc00")")),
       ErrorCode::kPayloadInvalid, ErrorClass::kDecode},
      {"PayloadBom", payload("\xEF\xBB\xBF" + payload_with()), ErrorCode::kPayloadInvalid,
       ErrorClass::kDecode},
      {"PayloadTrailingGarbage", payload(payload_with() + "}"), ErrorCode::kPayloadInvalid,
       ErrorClass::kDecode},
      {"PayloadNaN", payload(payload_with(R"(,"n":NaN)")), ErrorCode::kPayloadInvalid,
       ErrorClass::kDecode},
  };
}

class HostileTokenTest : public ::testing::TestWithParam<HostileToken> {};

TEST_P(HostileTokenTest, IsRejectedWithItsCodeAndClass) {
  const auto& param = GetParam();
  const TokenVerifier verifier(test::hs256_key(), {}, fixed_clock(test::kNow));
  const auto claims = verifier.verify(param.token);
  ASSERT_FALSE(claims.has_value()) << param.token;
  EXPECT_EQ(claims.error(), param.code) << to_string(claims.error());
  EXPECT_EQ(error_class(claims.error()), param.error_class);
}

const auto kName = [](const auto& param_info) { return param_info.param.name; };
INSTANTIATE_TEST_SUITE_P(Syntax, HostileTokenTest, ::testing::ValuesIn(syntax_cases()), kName);
INSTANTIATE_TEST_SUITE_P(Header, HostileTokenTest, ::testing::ValuesIn(header_cases()), kName);
INSTANTIATE_TEST_SUITE_P(SignatureAndPayload, HostileTokenTest,
                         ::testing::ValuesIn(signature_and_payload_cases()), kName);

// The limits are inclusive, so the rows above are their first rejected values.
TEST(JwtDecode, AcceptsTheLimitsThemselves) {
  const TokenVerifier verifier(test::hs256_key(), {}, fixed_clock(test::kNow));
  EXPECT_TRUE(verifier.verify(kGood).has_value());
  EXPECT_TRUE(verifier.verify(token_of_size(TokenVerifier::kMaxTokenBytes)).has_value());
  for (const auto nesting : {Nesting::kObjects, Nesting::kArrays}) {
    for (const bool empty_innermost : {false, true}) {
      const auto payload = nested_payload(64, nesting, empty_innermost);
      const auto claims = verifier.verify(signed_payload(payload));
      EXPECT_TRUE(claims.has_value()) << payload << " " << to_string(claims.error());
    }
  }
}

}  // namespace
}  // namespace restjwt
