// drf-jwt's payloads take the plain reader (core/plain_json.hpp); what it takes parses to the
// same document as the strict parser, and everything it declines (duplicate keys included) is
// left to that parser.
#include <gtest/gtest.h>

#include "../../support/json_samples.hpp"
#include "jose/strict_json.hpp"

namespace restjwt::detail {
namespace {

TEST(PlainJsonClaims, TakesDrfJwtPayloadsWithNlohmannsNumberTypes) {
  const auto payload = parse_plain_json_claims(
      R"({"user_id":1,"username":"alice","exp":1732830000,"email":"a@example.com","orig_iat":-5,"x":null,"y":false})");
  ASSERT_TRUE(payload);
  EXPECT_EQ(
      payload->dump(),
      R"({"user_id":1,"username":"alice","exp":1732830000,"email":"a@example.com","orig_iat":-5,"x":null,"y":false})");
  EXPECT_TRUE((*payload)["exp"].is_number_unsigned());
  EXPECT_TRUE((*payload)["orig_iat"].is_number_integer() &&
              !(*payload)["orig_iat"].is_number_unsigned());
  EXPECT_EQ(*payload, *parse_general_json_object_strict(payload->dump(), 32));
}

TEST(PlainJsonClaims, LeavesDuplicatesAndEverythingElseToTheStrictParser) {
  EXPECT_FALSE(parse_plain_json_claims(R"({"exp":1,"exp":2})"));
  EXPECT_FALSE(parse_json_object_strict(R"({"exp":1,"exp":2})"));
  EXPECT_FALSE(parse_plain_json_claims(R"({"username":"\u00e9"})"));
  const auto escaped = parse_json_object_strict(R"({"username":"\u00e9"})");
  ASSERT_TRUE(escaped);
  EXPECT_EQ((*escaped)["username"], "\xc3\xa9");
  EXPECT_FALSE(parse_json_object_strict("{}", 0));  // depth 0 refuses even a flat object
}

TEST(PlainJsonClaims, AgreesWithTheStrictParserOnEverythingItTakes) {
  const auto tally = test::compare_on_samples(1128, 40000, [](const std::string& text) {
    const auto plain = parse_plain_json_claims(text);
    if (!plain) return false;
    const auto general = parse_general_json_object_strict(text, 32);
    EXPECT_TRUE(general) << "the strict parser refuses what the plain reader took: " << text;
    if (general) {
      EXPECT_EQ(*general, *plain) << text;
      EXPECT_EQ(general->dump(), plain->dump()) << text;  // same order, same number types
    }
    return true;
  });
  EXPECT_GT(tally.taken, 2000);
  EXPECT_GT(tally.declined, 5000);
}

}  // namespace
}  // namespace restjwt::detail
