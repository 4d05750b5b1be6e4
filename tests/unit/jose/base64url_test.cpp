// Strict base64url (RFC 7515 §2, wire contract §5.1): RFC 4648 §10's vectors in the URL alphabet,
// and exactly one accepted spelling per byte string. Includes its header first (self-contained).
#include "restjwt/base64url.hpp"

#include <array>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

namespace restjwt {
namespace {

struct Rfc4648Vector {
  const char* bytes;
  const char* text;
};

void PrintTo(const Rfc4648Vector& v, std::ostream* out) { *out << '"' << v.text << '"'; }

class Base64urlRfc4648 : public ::testing::TestWithParam<Rfc4648Vector> {};

TEST_P(Base64urlRfc4648, EncodesWithoutPaddingAndDecodesBack) {
  const auto& v = GetParam();
  EXPECT_EQ(base64url_encode(v.bytes), v.text);
  EXPECT_EQ(base64url_decode(v.text), std::optional<std::string>(v.bytes));
  EXPECT_EQ(base64url_decoded_size(std::string_view(v.text).size()),
            std::optional<std::size_t>(std::string_view(v.bytes).size()));
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, Base64urlRfc4648,
    ::testing::Values(Rfc4648Vector{"", ""}, Rfc4648Vector{"f", "Zg"}, Rfc4648Vector{"fo", "Zm8"},
                      Rfc4648Vector{"foo", "Zm9v"}, Rfc4648Vector{"foob", "Zm9vYg"},
                      Rfc4648Vector{"fooba", "Zm9vYmE"}, Rfc4648Vector{"foobar", "Zm9vYmFy"},
                      Rfc4648Vector{"\xfb\xff", "-_8"}, Rfc4648Vector{"\xff\xff\xfe", "___-"}));

TEST(Base64urlDecode, RefusesEverythingButTheOneCanonicalSpelling) {
  for (const char* text : {
           "Zg==", "Zg=", "Zm9v=",                // padding
           "Zh", "Zm9", "Zm9vYh",                 // unused low bits set ("Zh" would also be "f")
           "Z", "Zm9vY",                          // a length of 1 mod 4 never decodes
           "Zm9v ", " Zm9v", "Zm\n9v", "Zm\t9v",  // whitespace
           "+/8", "//8", "Zm9v+",                 // the standard alphabet
           "Zm9v.", "Zm9\xc3\xa9", "Zm9v\x7f",    // anything else
       }) {
    EXPECT_FALSE(base64url_decode(std::string_view(text)).has_value()) << text;
  }
  EXPECT_FALSE(base64url_decode(std::string_view("Zm9\0v", 5)).has_value());
}

TEST(Base64urlDecode, SpanFormNeedsRoomForTheWholeResult) {
  std::array<std::uint8_t, 6> buffer{};
  EXPECT_EQ(base64url_decode("Zm9vYmFy", buffer), std::optional<std::size_t>(6));
  EXPECT_EQ(std::string(buffer.begin(), buffer.end()), "foobar");
  EXPECT_FALSE(base64url_decode("Zm9vYmFy", std::span(buffer).first(5)).has_value());
  EXPECT_FALSE(base64url_decoded_size(5).has_value());
  EXPECT_EQ(base64url_decoded_size(43), std::optional<std::size_t>(32));  // an HS256 signature
}

}  // namespace
}  // namespace restjwt
