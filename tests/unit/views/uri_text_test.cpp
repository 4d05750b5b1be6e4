// Django's percent-encoding rules for routing and redirects (views/uri_text.hpp).
#include "views/uri_text.hpp"

#include <gtest/gtest.h>

namespace restjwt::detail {
namespace {

TEST(UriText, PercentDecodeIsUrllibsUnquote) {
  EXPECT_EQ(percent_decode("/api%2Dtoken-auth%2F", false), "/api-token-auth/");
  EXPECT_EQ(percent_decode("a+b%20c", false), "a+b c");
  EXPECT_EQ(percent_decode("a+b%20c", true), "a b c");
  EXPECT_EQ(percent_decode("%zz%4%", false), "%zz%4%");  // malformed escapes stay as written
  EXPECT_EQ(percent_decode("%C3%A9%00", false), std::string("\xC3\xA9\0", 3));
}

TEST(UriText, EscapeUriPathKeepsDjangosSafeSet) {
  EXPECT_EQ(escape_uri_path("/api-token-auth"), "/api-token-auth");
  EXPECT_EQ(escape_uri_path("/a b/\xC3\xA9?#%:@&+$,!*'()~"), "/a%20b/%C3%A9%3F%23%25:@&+$,!*'()~");
}

TEST(UriText, IriToUriKeepsEscapesAndDelimiters) {
  EXPECT_EQ(iri_to_uri("q=a%26b&r=%2F&s=a+b"), "q=a%26b&r=%2F&s=a+b");
  EXPECT_EQ(iri_to_uri("x=a b\"<>\\^`{|}\x01\xC3\xA9"),
            "x=a%20b%22%3C%3E%5C%5E%60%7B%7C%7D%01%C3%A9");
  EXPECT_EQ(iri_to_uri("a=/#[]:;$()!?*@'~"), "a=/#[]:;$()!?*@'~");
}

}  // namespace
}  // namespace restjwt::detail
