// PBKDF2 over the compression function must equal OpenSSL's PKCS5_PBKDF2_HMAC bit for bit.
#include "hashers/pbkdf2.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "hashers/encoding.hpp"

namespace restjwt::detail {
namespace {

std::vector<unsigned char> openssl_pbkdf2(Pbkdf2Digest digest, std::string_view password,
                                          std::string_view salt, int iterations,
                                          std::size_t length) {
  std::vector<unsigned char> out(length);
  const auto salt_bytes = as_bytes(salt);
  EXPECT_EQ(PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt_bytes.data(),
                              static_cast<int>(salt_bytes.size()), iterations,
                              digest == Pbkdf2Digest::kSha256 ? EVP_sha256() : EVP_sha1(),
                              static_cast<int>(length), out.data()),
            1);
  return out;
}

std::vector<unsigned char> ours(Pbkdf2Digest digest, std::string_view password,
                                std::string_view salt, std::uint64_t iterations,
                                std::size_t length) {
  std::vector<unsigned char> out(length);
  pbkdf2_hmac(digest, password, salt, iterations, out);
  return out;
}

std::string random_text(std::size_t max_length) {
  unsigned char length_byte = 0;
  random_bytes(std::span(&length_byte, 1));
  std::string text(length_byte % (max_length + 1), '\0');
  random_bytes(std::span(reinterpret_cast<unsigned char*>(text.data()), text.size()));
  return text;
}

class Pbkdf2Random : public ::testing::TestWithParam<Pbkdf2Digest> {};

TEST_P(Pbkdf2Random, MatchesOpenSslForRandomInputs) {
  for (int round = 0; round < 300; ++round) {
    const std::string password = random_text(200);  // covers keys longer than a block
    const std::string salt = random_text(150);      // covers salts spanning several blocks
    const int iterations = 1 + round % 37;
    const std::size_t length = 1 + static_cast<std::size_t>(round) % 97;  // several blocks
    ASSERT_EQ(ours(GetParam(), password, salt, static_cast<std::uint64_t>(iterations), length),
              openssl_pbkdf2(GetParam(), password, salt, iterations, length))
        << "round " << round << " password length " << password.size();
  }
}

TEST_P(Pbkdf2Random, MatchesOpenSslAtBlockBoundaries) {
  for (const std::size_t size : {0UL, 1UL, 55UL, 56UL, 63UL, 64UL, 65UL, 119UL, 120UL, 128UL}) {
    const std::string password(size, 'p');
    const std::string salt(size, 's');
    ASSERT_EQ(ours(GetParam(), password, salt, 1000, 32),
              openssl_pbkdf2(GetParam(), password, salt, 1000, 32))
        << "size " << size;
  }
}

INSTANTIATE_TEST_SUITE_P(Digests, Pbkdf2Random,
                         ::testing::Values(Pbkdf2Digest::kSha1, Pbkdf2Digest::kSha256));

TEST(Pbkdf2Sha1, MatchesRfc6070Vectors) {
  EXPECT_EQ(hex_encode(ours(Pbkdf2Digest::kSha1, "password", "salt", 1, 20)),
            "0c60c80f961f0e71f3a9b524af6012062fe037a6");
  EXPECT_EQ(hex_encode(ours(Pbkdf2Digest::kSha1, "password", "salt", 4096, 20)),
            "4b007901b765489abead49d926f721d065a429c1");
  EXPECT_EQ(hex_encode(ours(Pbkdf2Digest::kSha1, "passwordPASSWORDpassword",
                            "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25)),
            "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038");
  EXPECT_EQ(hex_encode(ours(Pbkdf2Digest::kSha1, std::string_view("pass\0word", 9),
                            std::string_view("sa\0lt", 5), 4096, 16)),
            "56fa6aa75548099dcc37d7f03425e0c3");
}

TEST(Pbkdf2Sha256, MatchesRfc7914Vectors) {
  EXPECT_EQ(hex_encode(ours(Pbkdf2Digest::kSha256, "passwd", "salt", 1, 64)),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
            "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
  EXPECT_EQ(hex_encode(ours(Pbkdf2Digest::kSha256, "Password", "NaCl", 80000, 64)),
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
            "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
}

TEST(Pbkdf2Sha256, MatchesOpenSslAtDjangoDefaultIterations) {
  EXPECT_EQ(ours(Pbkdf2Digest::kSha256, "correct horse", "abcdefghijklmnopqrstuv", 1000000, 32),
            openssl_pbkdf2(Pbkdf2Digest::kSha256, "correct horse", "abcdefghijklmnopqrstuv",
                           1000000, 32));
}

}  // namespace
}  // namespace restjwt::detail
