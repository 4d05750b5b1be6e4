// The one base64 codec (core/base64.hpp) in its other alphabets: RFC 4648 §10's vectors in the
// standard alphabet, padded as Python's b64encode and unpadded as argon2 writes them, and bcrypt's
// alphabet. The URL alphabet and its strictness are tested through restjwt/base64url.hpp.
#include "core/base64.hpp"

#include <array>
#include <string>

#include <gtest/gtest.h>

namespace restjwt::detail {
namespace {

std::span<const unsigned char> bytes_of(std::string_view text) {
  return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

std::string encode(std::string_view text, Base64Alphabet alphabet, bool pad) {
  return base64_encode(bytes_of(text), alphabet, pad);
}

TEST(Base64, StandardAlphabetPaddedAndUnpadded) {
  const std::array<std::array<const char*, 3>, 7> vectors{{{"", "", ""},
                                                           {"f", "Zg==", "Zg"},
                                                           {"fo", "Zm8=", "Zm8"},
                                                           {"foo", "Zm9v", "Zm9v"},
                                                           {"foob", "Zm9vYg==", "Zm9vYg"},
                                                           {"fooba", "Zm9vYmE=", "Zm9vYmE"},
                                                           {"foobar", "Zm9vYmFy", "Zm9vYmFy"}}};
  for (const auto& [bytes, padded, unpadded] : vectors) {
    EXPECT_EQ(encode(bytes, Base64Alphabet::kStandard, true), padded);
    EXPECT_EQ(encode(bytes, Base64Alphabet::kStandard, false), unpadded);
  }
  EXPECT_EQ(encode("\xfb\xff\xfe", Base64Alphabet::kStandard, true), "+//+");
  EXPECT_EQ(encode("\xfb\xff\xfe", Base64Alphabet::kUrl, true), "-__-");
}

TEST(Base64, BcryptAlphabetIsTheStandardOneShifted) {
  // bcrypt's digits are "./A-Za-z0-9": index 0 is '.', 63 is '9'.
  EXPECT_EQ(encode(std::string("\0\0\0", 3), Base64Alphabet::kBcrypt, false), "....");
  EXPECT_EQ(encode("\xff\xff\xff", Base64Alphabet::kBcrypt, false), "9999");
  EXPECT_EQ(encode("foobar", Base64Alphabet::kBcrypt, false), "Xk7tWkDw");
}

TEST(Base64, DecodesStrictlyInTheAlphabetAsked) {
  std::array<std::uint8_t, 3> out{};
  EXPECT_EQ(base64_decode("+//+", out, Base64Alphabet::kStandard), std::optional<std::size_t>(3));
  EXPECT_EQ(out, (std::array<std::uint8_t, 3>{0xfb, 0xff, 0xfe}));
  EXPECT_FALSE(base64_decode("-__-", out, Base64Alphabet::kStandard));
  EXPECT_FALSE(base64_decode("+//+", out, Base64Alphabet::kUrl));
  EXPECT_FALSE(base64_decode("Zg==", out, Base64Alphabet::kStandard));  // never padded
  EXPECT_EQ(base64_decode("XmS", out, Base64Alphabet::kBcrypt), std::optional<std::size_t>(2));
  EXPECT_FALSE(base64_decode("XmT", out, Base64Alphabet::kBcrypt));  // unused bits set
}

TEST(Base64, DecodedSizeCountsAsArgon2Does) {
  EXPECT_EQ(base64_decoded_size(0), 0U);
  EXPECT_EQ(base64_decoded_size(22), 16U);  // a 16-byte salt
  EXPECT_EQ(base64_decoded_size(43), 32U);  // a 32-byte hash
  EXPECT_EQ(base64_decoded_size(5), 3U);    // a tail of one adds nothing
}

}  // namespace
}  // namespace restjwt::detail
