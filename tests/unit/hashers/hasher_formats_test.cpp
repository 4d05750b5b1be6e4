// Encoding details of each hasher: pinned vectors, malformed and hostile encodings.
#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "restjwt/password_hasher.hpp"

namespace restjwt {
namespace {

PasswordHashers all_hashers(const PasswordHasherOptions& options = {}) {
  auto hashers = PasswordHashers::from_names(
      {"pbkdf2_sha256", "pbkdf2_sha1", "argon2", "bcrypt_sha256", "bcrypt", "scrypt", "md5", "sha1",
       "unsalted_md5", "unsalted_sha1"},
      options);
  return std::move(hashers).value();
}

const PasswordHasher& hasher(const PasswordHashers& hashers, std::string_view algorithm) {
  return *hashers.identify(std::string(algorithm) + "$");
}

TEST(HasherFormats, MatchesDjangosOwnTestVectors) {
  PasswordHasherOptions o;
  o.scrypt_work_factor = 16384;
  const auto hashers = all_hashers(o);
  // Django 4.0's tests/auth_tests/test_hashers.py (test_scrypt, test_md5).
  EXPECT_EQ(hasher(hashers, "scrypt").encode("lètmein", "seasalt"),
            "scrypt$16384$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQE"
            "SkXFRkdVCBhhY8mx7rQwite/Pw==");
  EXPECT_EQ(hasher(hashers, "md5").encode("lètmein", "seasalt"),
            "md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3");
}

TEST(Bcrypt, LibcryptComputesOpenwallVector) {
  const auto hashers = all_hashers();
  // crypt_blowfish's test vector; $2a$ is computed as $2b$ and keeps its prefix, as Python does.
  EXPECT_EQ(hasher(hashers, "bcrypt").encode("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC."),
            "bcrypt$$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW");
  EXPECT_EQ(hasher(hashers, "bcrypt").encode("U*U", "$2b$05$CCCCCCCCCCCCCCCCCCCCC."),
            "bcrypt$$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW");
}

TEST(Bcrypt, SaltIsGensaltShaped) {
  PasswordHasherOptions o;
  o.bcrypt_rounds = 4;
  const std::string salt = hasher(all_hashers(o), "bcrypt_sha256").salt();
  ASSERT_EQ(salt.size(), 29U);
  EXPECT_TRUE(salt.starts_with("$2b$04$")) << salt;
  EXPECT_NE(std::string_view(".Oeu").find(salt.back()), std::string_view::npos) << salt;
}

TEST(Bcrypt, PlainBcryptTruncatesAt72BytesAndBcryptSha256DoesNot) {
  PasswordHasherOptions o;
  o.bcrypt_rounds = 4;
  const auto plain = PasswordHashers::from_names({"bcrypt"}, o).value();
  const auto sha256 = PasswordHashers::from_names({"bcrypt_sha256"}, o).value();
  const std::string base(72, 'x');
  EXPECT_TRUE(plain.check_password(base + "a", plain.make_password(base + "b")).matches);
  EXPECT_FALSE(sha256.check_password(base + "a", sha256.make_password(base + "b")).matches);
}

// Malformed encodings never match, never crash, and are all "outdated".
class MalformedEncoding : public ::testing::TestWithParam<const char*> {};

TEST_P(MalformedEncoding, NeverMatchesAndMustUpdate) {
  PasswordHasherOptions o;
  o.pbkdf2_iterations = 1000;
  o.argon2_time_cost = 1, o.argon2_memory_cost_kib = 64, o.argon2_parallelism = 2;
  o.bcrypt_rounds = 4;
  const auto hashers = all_hashers(o);
  const std::string encoded = GetParam();
  const auto started = std::chrono::steady_clock::now();
  for (const std::string password : {"", "pw", "secret", "AAAA"}) {
    EXPECT_FALSE(hashers.check_password(password, encoded).matches);
  }
  const PasswordHasher* h = hashers.identify(encoded);
  // Django's unsalted hashers never ask for an update (BasePasswordHasher.must_update).
  if (h != nullptr && !h->algorithm().starts_with("unsalted")) {
    EXPECT_TRUE(h->must_update(encoded));
  }
  // Huge work factors are refused, not computed (10^12 PBKDF2 iterations would take days).
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

INSTANTIATE_TEST_SUITE_P(
    Django, MalformedEncoding,
    ::testing::Values(
        "pbkdf2_sha256", "pbkdf2_sha256$", "pbkdf2_sha256$1000", "pbkdf2_sha256$1000$salt",
        "pbkdf2_sha256$1000$$AAAA", "pbkdf2_sha256$abc$salt$AAAA", "pbkdf2_sha256$-1$salt$AAAA",
        "pbkdf2_sha256$+1000$salt$AAAA", "pbkdf2_sha256$ 1000$salt$AAAA",
        "pbkdf2_sha256$0$salt$AAAA", "pbkdf2_sha256$1000000000000$salt$AAAA",
        "pbkdf2_sha256$99999999999999999999999$salt$AAAA", "pbkdf2_sha1$1000$salt$A$A", "argon2",
        "argon2$", "argon2$argon2id$v=19$m=64,t=1,p=2$c2FsdHNhbHQ",
        "argon2$argon2x$v=19$m=64,t=1,p=2$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
        "argon2$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
        "argon2$argon2id$v=19$m=64,t=4294967295,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
        "argon2$argon2id$v=19$m=64,t=1,p=2$!!!!$YC9+jJCrQhs5R6db7LlN8Q",
        "argon2$argon2id$v=19$m=64,p=2$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q", "bcrypt_sha256$",
        "bcrypt_sha256$$2b$", "bcrypt_sha256$$2b$04$short",
        "bcrypt_sha256$$2b$31$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        "bcrypt_sha256$$2z$04$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        "bcrypt$$2b$4$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        "bcrypt$$2b$05$CCCCCCCCCCCCCCCCCCCC:.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        "scrypt$16384$salt$8$1", "scrypt$1000$salt$8$1$AAAA", "scrypt$1099511627776$salt$8$1$AA",
        "scrypt$16384$salt$0$1$AAAA", "scrypt$16384$salt$8$0$AAAA",
        "scrypt$16384$salt$1048576$1$AAAA", "md5$salt", "md5$salt$", "sha1$salt$xyz",
        "unsalted_md5$x", "unsalted_sha1$x", "$", "$$$$", "\xff\xfe$\x01"));

TEST(HardenRuntime, RunsTheMissingPbkdf2IterationsOnAWrongPassword) {
  PasswordHasherOptions weak;
  weak.pbkdf2_iterations = 1;
  PasswordHasherOptions strong;
  strong.pbkdf2_iterations = 400000;
  const auto weak_hashers = PasswordHashers::from_names({"pbkdf2_sha256"}, weak).value();
  const auto strong_hashers = PasswordHashers::from_names({"pbkdf2_sha256"}, strong).value();
  const std::string encoded = weak_hashers.make_password("pw");
  const auto time = [&](const PasswordHashers& hashers) {  // the fastest of 5 runs
    auto fastest = std::chrono::steady_clock::duration::max();
    for (int run = 0; run < 5; ++run) {
      const auto started = std::chrono::steady_clock::now();
      EXPECT_FALSE(hashers.check_password("wrong", encoded).matches);
      fastest = std::min(fastest, std::chrono::steady_clock::now() - started);
    }
    return fastest;
  };
  // 1 iteration against 400,000: a difference of five orders of magnitude, far above noise.
  EXPECT_GT(time(strong_hashers), 100 * time(weak_hashers));
}

}  // namespace
}  // namespace restjwt
