// Wire contract §5.5 as a table: exp, nbf, iat, iss, aud with drf-jwt's settings
// (JWT_VERIFY_EXPIRATION, JWT_LEEWAY, JWT_ISSUER, JWT_AUDIENCE). Each token is correctly signed;
// the claim rule it names alone accepts or rejects it, through TokenVerifier with a fixed clock.
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "restjwt/jwt.hpp"
#include "unit/jose/token_fixtures.hpp"

namespace restjwt {
namespace {

using test::kNow;

struct ClaimCase {
  std::string name;
  std::string payload;  // the whole claim set
  ClaimRules rules;
  std::optional<ErrorCode> code;  // nullopt: accepted
  ErrorClass error_class = ErrorClass::kOther;
};

void PrintTo(const ClaimCase& row, std::ostream* out) { *out << row.name << " " << row.payload; }

std::string at(std::int64_t offset) { return std::to_string(kNow + offset); }

// {"user_id":1,"exp":<kNow + 300>, <claims>}; `claims` may be empty.
std::string with(const std::string& claims) {
  return R"({"user_id":1,"exp":)" + at(300) + (claims.empty() ? "" : "," + claims) + "}";
}
std::string exp_is(const std::string& value) { return R"({"user_id":1,"exp":)" + value + "}"; }

ClaimRules leeway(std::int64_t seconds, bool verify_expiration = true) {
  ClaimRules rules;
  rules.leeway_seconds = seconds;
  rules.verify_expiration = verify_expiration;
  return rules;
}
ClaimRules no_exp_check() { return leeway(0, false); }
ClaimRules issuer(const char* name) {
  ClaimRules rules;
  rules.issuer = name;
  return rules;
}
ClaimRules audience(const char* name) {
  ClaimRules rules;
  rules.audience = name;
  return rules;
}

constexpr auto kOk = std::nullopt;
const auto kDecode = ErrorClass::kDecode;
const auto kOther = ErrorClass::kOther;

std::vector<ClaimCase> exp_cases() {
  return {
      {"ExpMissing", R"({"user_id":1})", {}, ErrorCode::kExpirationMissing, kOther},
      {"ExpNumericString", exp_is(R"("123")"), {}, ErrorCode::kExpirationInvalid, kDecode},
      {"ExpFutureString", exp_is('"' + at(300) + '"'), {}, ErrorCode::kExpirationInvalid, kDecode},
      {"ExpTrue", exp_is("true"), {}, ErrorCode::kExpirationInvalid, kDecode},
      {"ExpNull", exp_is("null"), {}, ErrorCode::kExpirationInvalid, kDecode},
      {"ExpArray", exp_is("[" + at(300) + "]"), {}, ErrorCode::kExpirationInvalid, kDecode},
      {"ExpObject", exp_is("{}"), {}, ErrorCode::kExpirationInvalid, kDecode},
      // 1e400 is JSON that no double holds (Python reads inf and would write `Infinity`, which
      // is not JSON): the payload is refused as a whole, still a decode error (see below).
      {"ExpOverflowsToInfinity", exp_is("1e400"), {}, ErrorCode::kPayloadInvalid, kDecode},
      {"ExpOverflowsToMinusInfinity", exp_is("-1e400"), {}, ErrorCode::kPayloadInvalid, kDecode},
      {"ExpOneSecondAgo", exp_is(at(-1)), {}, ErrorCode::kSignatureExpired, ErrorClass::kExpired},
      {"ExpLongAgo", exp_is("0"), {}, ErrorCode::kSignatureExpired, ErrorClass::kExpired},
      {"ExpExactlyNow", exp_is(at(0)), {}, kOk},
      {"ExpFractionTruncatedStillThisSecond", exp_is(at(0) + ".9"), {}, kOk},
      {"ExpFractionTruncatedToLastSecond",
       exp_is(at(-1) + ".9"),
       {},
       ErrorCode::kSignatureExpired,
       ErrorClass::kExpired},
      {"ExpAsFloat", exp_is(at(300) + ".0"), {}, kOk},
      {"ExpHuge", exp_is("1e300"), {}, kOk},
      {"ExpWithinLeeway", exp_is(at(-10)), leeway(10), kOk},
      {"ExpBeyondLeeway", exp_is(at(-10)), leeway(9), ErrorCode::kSignatureExpired,
       ErrorClass::kExpired},
      {"NoExpCheckIgnoresMissingExp", R"({"user_id":1})", no_exp_check(), kOk},
      {"NoExpCheckIgnoresExpiredExp", exp_is("0"), no_exp_check(), kOk},
      {"NoExpCheckIgnoresStringExp", exp_is(R"("tomorrow")"), no_exp_check(), kOk},
      {"NoExpCheckIgnoresNullExp", exp_is("null"), no_exp_check(), kOk},
      {"NoExpCheckStillRefusesOutOfRangeNumbers", exp_is("1e400"), no_exp_check(),
       ErrorCode::kPayloadInvalid, kDecode},
  };
}

std::vector<ClaimCase> nbf_iat_cases() {
  return {
      {"NbfString", with(R"("nbf":")" + at(0) + "\""), {}, ErrorCode::kNotBeforeInvalid, kDecode},
      {"NbfNull", with(R"("nbf":null)"), {}, ErrorCode::kNotBeforeInvalid, kDecode},
      {"NbfBool", with(R"("nbf":false)"), {}, ErrorCode::kNotBeforeInvalid, kDecode},
      {"NbfInFuture", with(R"("nbf":)" + at(1)), {}, ErrorCode::kTokenImmature, kOther},
      {"NbfNow", with(R"("nbf":)" + at(0)), {}, kOk},
      {"NbfPast", with(R"("nbf":)" + at(-100)), {}, kOk},
      {"NbfWithinLeeway", with(R"("nbf":)" + at(5)), leeway(5), kOk},
      {"NbfBeyondLeeway", with(R"("nbf":)" + at(6)), leeway(5), ErrorCode::kTokenImmature, kOther},
      {"IatString", with(R"("iat":")" + at(0) + "\""), {}, ErrorCode::kIssuedAtInvalid, kOther},
      {"IatNull", with(R"("iat":null)"), {}, ErrorCode::kIssuedAtInvalid, kOther},
      {"IatArray", with(R"("iat":[1])"), {}, ErrorCode::kIssuedAtInvalid, kOther},
      {"IatOutOfRange", with(R"("iat":1e400)"), {}, ErrorCode::kPayloadInvalid, kDecode},
      {"IatInFutureIsAccepted", with(R"("iat":)" + at(3600)), {}, kOk},
      {"IatPast", with(R"("iat":)" + at(-60)), {}, kOk},
      // PyJWT 1.7's order: iat, nbf, exp (§5.5); `exp` being required comes first (§15.3).
      {"OrderMissingExpBeforeBadIat", R"({"iat":"x"})", {}, ErrorCode::kExpirationMissing, kOther},
      {"OrderIatBeforeNbf",
       with(R"("iat":"x","nbf":"y")"),
       {},
       ErrorCode::kIssuedAtInvalid,
       kOther},
      {"OrderNbfBeforeExp", exp_is(R"("x","nbf":"y")"), {}, ErrorCode::kNotBeforeInvalid, kDecode},
      {"OrderExpBeforeIssuer", exp_is("0"), issuer("me"), ErrorCode::kSignatureExpired,
       ErrorClass::kExpired},
  };
}

std::vector<ClaimCase> iss_aud_cases() {
  const char* kIss = "https://issuer.example";
  return {
      {"IssMatches", with(R"("iss":"https://issuer.example")"), issuer(kIss), kOk},
      {"IssMissing", with(""), issuer(kIss), ErrorCode::kIssuerInvalid, kOther},
      {"IssDifferent", with(R"("iss":"https://evil.example")"), issuer(kIss),
       ErrorCode::kIssuerInvalid, kOther},
      {"IssExtendsConfigured", with(R"("iss":"https://issuer.example.evil")"), issuer(kIss),
       ErrorCode::kIssuerInvalid, kOther},
      {"IssPrefixOfConfigured", with(R"("iss":"https://issuer")"), issuer(kIss),
       ErrorCode::kIssuerInvalid, kOther},
      {"IssCaseDiffers", with(R"("iss":"https://Issuer.example")"), issuer(kIss),
       ErrorCode::kIssuerInvalid, kOther},
      {"IssArray", with(R"("iss":["https://issuer.example"])"), issuer(kIss),
       ErrorCode::kIssuerInvalid, kOther},
      {"IssNull", with(R"("iss":null)"), issuer(kIss), ErrorCode::kIssuerInvalid, kOther},
      {"IssIgnoredWhenUnset", with(R"("iss":"anyone")"), {}, kOk},
      {"AudStringMatches", with(R"("aud":"api")"), audience("api"), kOk},
      {"AudArrayContains", with(R"("aud":["web","api"])"), audience("api"), kOk},
      {"AudArrayDoesNotContain", with(R"("aud":["web","app"])"), audience("api"),
       ErrorCode::kAudienceInvalid, kOther},
      {"AudEmptyArray", with(R"("aud":[])"), audience("api"), ErrorCode::kAudienceInvalid, kOther},
      {"AudLonger", with(R"("aud":"api2")"), audience("api"), ErrorCode::kAudienceInvalid, kOther},
      {"AudShorter", with(R"("aud":"ap")"), audience("api"), ErrorCode::kAudienceInvalid, kOther},
      {"AudSubstringInArray", with(R"("aud":["apis"])"), audience("api"),
       ErrorCode::kAudienceInvalid, kOther},
      {"AudArrayWithNonString", with(R"("aud":["api",1])"), audience("api"),
       ErrorCode::kAudienceInvalid, kOther},
      {"AudNumber", with(R"("aud":1)"), audience("api"), ErrorCode::kAudienceInvalid, kOther},
      {"AudNull", with(R"("aud":null)"), audience("api"), ErrorCode::kAudienceInvalid, kOther},
      {"AudObject", with(R"("aud":{"api":true})"), audience("api"), ErrorCode::kAudienceInvalid,
       kOther},
      {"AudMissingWhenConfigured", with(""), audience("api"), ErrorCode::kAudienceInvalid, kOther},
      {"AudPresentWhenUnset", with(R"("aud":"api")"), {}, ErrorCode::kAudienceUnexpected, kOther},
      {"AudEmptyArrayWhenUnset", with(R"("aud":[])"), {}, ErrorCode::kAudienceUnexpected, kOther},
      {"AudNullWhenUnset", with(R"("aud":null)"), {}, ErrorCode::kAudienceUnexpected, kOther},
  };
}

class ClaimRulesTest : public ::testing::TestWithParam<ClaimCase> {};

TEST_P(ClaimRulesTest, DecidesAsTheWireContractSays) {
  const auto& row = GetParam();
  const TokenVerifier verifier(test::hs256_key(), row.rules, fixed_clock(kNow));
  const auto claims = verifier.verify(test::signed_payload(row.payload));
  if (!row.code) {
    EXPECT_TRUE(claims.has_value()) << to_string(claims.error());
    return;
  }
  ASSERT_FALSE(claims.has_value());
  EXPECT_EQ(claims.error(), *row.code) << to_string(claims.error());
  EXPECT_EQ(error_class(claims.error()), row.error_class);
  if (*row.code == ErrorCode::kPayloadInvalid) {
    return;
  }
  // check_claims is the same rule set without the token around it.
  const auto parsed = parse_json_object_strict(row.payload);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(check_claims(*parsed, row.rules, kNow).error(), *row.code);
}

const auto kName = [](const auto& param_info) { return param_info.param.name; };
INSTANTIATE_TEST_SUITE_P(Exp, ClaimRulesTest, ::testing::ValuesIn(exp_cases()), kName);
INSTANTIATE_TEST_SUITE_P(NbfIat, ClaimRulesTest, ::testing::ValuesIn(nbf_iat_cases()), kName);
INSTANTIATE_TEST_SUITE_P(IssAud, ClaimRulesTest, ::testing::ValuesIn(iss_aud_cases()), kName);

// A claim set built in memory can hold what no token can: infinities. They are not finite numbers.
TEST(CheckClaims, RefusesNonFiniteTimesBuiltInMemory) {
  const double infinity = std::numeric_limits<double>::infinity();
  Claims claims;
  claims["exp"] = infinity;
  EXPECT_EQ(check_claims(claims, {}, kNow).error(), ErrorCode::kExpirationInvalid);
  claims["exp"] = kNow;
  claims["nbf"] = -infinity;
  EXPECT_EQ(check_claims(claims, {}, kNow).error(), ErrorCode::kNotBeforeInvalid);
  claims.erase("nbf");
  claims["iat"] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(check_claims(claims, {}, kNow).error(), ErrorCode::kIssuedAtInvalid);
}

// The signature is checked before any claim: a forged expired token is a decode error.
TEST(JwtDecode, ChecksTheSignatureBeforeTheClaims) {
  const auto forged = test::hmac_token(Algorithm::kHS256, "not-the-secret-not-the-secret-32",
                                       test::kHeader, exp_is("0"));
  const TokenVerifier verifier(test::hs256_key(), {}, fixed_clock(kNow));
  EXPECT_EQ(verifier.verify(forged).error(), ErrorCode::kSignatureInvalid);
}

}  // namespace
}  // namespace restjwt
