// The one percent-decoder (core/percent_decode.hpp): lenient as urllib.parse.unquote for request
// paths and form bodies, strict for DATABASE_URL paths.
#include "core/percent_decode.hpp"

#include <gtest/gtest.h>

namespace restjwt::detail {
namespace {

TEST(PercentDecode, DecodesEveryHexSpellingToTheByte) {
  EXPECT_EQ(percent_decode("%41%4a%4A%7e%7E%ff", false), "AJJ~~\xFF");
  EXPECT_EQ(percent_decode("%00", false), std::string("\0", 1));
  EXPECT_EQ(percent_decode_strict("%41%4a%4A%7e%ff"), std::optional<std::string>("AJJ~\xFF"));
}

TEST(PercentDecode, PlusIsASpaceOnlyWhenAsked) {
  EXPECT_EQ(percent_decode("a+b%2B", true), "a b+");
  EXPECT_EQ(percent_decode("a+b%2B", false), "a+b+");
  EXPECT_EQ(percent_decode_strict("a+b%2B"), std::optional<std::string>("a+b+"));
}

TEST(PercentDecode, AMalformedEscapeStaysOrIsRefused) {
  for (const char* text : {"%", "%4", "a%zz", "%g1", "%1g", "50%", "%%41"}) {
    EXPECT_EQ(percent_decode_strict(text), std::nullopt) << text;
  }
  EXPECT_EQ(percent_decode("%", false), "%");
  EXPECT_EQ(percent_decode("50%", false), "50%");
  EXPECT_EQ(percent_decode("%%41", false), "%A");
  EXPECT_EQ(percent_decode("%4%41", false), "%4A");
}

}  // namespace
}  // namespace restjwt::detail
