// The public header comes first: it must be self-contained.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "restjwt/password_hasher.hpp"

namespace restjwt {
namespace {

PasswordHasherOptions small_options() {
  PasswordHasherOptions o;
  o.pbkdf2_iterations = 1000;
  o.argon2_time_cost = 1, o.argon2_memory_cost_kib = 64, o.argon2_parallelism = 2;
  o.bcrypt_rounds = 4;
  o.scrypt_work_factor = 1024;
  return o;
}

PasswordHashers make(const std::vector<std::string>& names,
                     const PasswordHasherOptions& options = small_options()) {
  auto hashers = PasswordHashers::from_names(names, options);
  EXPECT_TRUE(hashers.has_value()) << (hashers ? "" : hashers.error());
  return std::move(hashers).value();
}

bool alphanumeric(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

TEST(PasswordHashersConfig, UnknownNameIsAnErrorListingTheKnownOnes) {
  const auto result = PasswordHashers::from_names({"pbkdf2_sha256", "sha512_crypt"});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(),
            "unknown password hasher \"sha512_crypt\"; known hashers: pbkdf2_sha256, pbkdf2_sha1, "
            "argon2, bcrypt_sha256, bcrypt, scrypt, md5, sha1, unsalted_md5, unsalted_sha1");
}

TEST(PasswordHashersConfig, RejectsEmptyDuplicateAndLegacyFirstLists) {
  EXPECT_EQ(PasswordHashers::from_names({}).error(), "the password hasher list is empty");
  EXPECT_EQ(PasswordHashers::from_names({"argon2", "argon2"}).error(),
            "password hasher \"argon2\" is listed twice");
  EXPECT_EQ(PasswordHashers::from_names({"md5", "pbkdf2_sha256"}).error(),
            "password hasher \"md5\" only verifies legacy hashes and cannot be the first "
            "(preferred) one");
}

TEST(PasswordHashersConfig, RejectsOutOfRangeWorkFactors) {
  PasswordHasherOptions o;
  o.pbkdf2_iterations = 0;
  EXPECT_EQ(PasswordHashers::from_names({"pbkdf2_sha256"}, o).error(),
            "password hasher \"pbkdf2_sha256\": pbkdf2_iterations must be between 1 and "
            "100000000");
  o = {};
  o.bcrypt_rounds = 3;
  EXPECT_FALSE(PasswordHashers::from_names({"bcrypt_sha256"}, o).has_value());
  o = {};
  o.scrypt_work_factor = 1000;  // not a power of two
  EXPECT_FALSE(PasswordHashers::from_names({"scrypt"}, o).has_value());
  o = {};
  o.argon2_memory_cost_kib = 8;  // below 8 × parallelism
  EXPECT_FALSE(PasswordHashers::from_names({"argon2"}, o).has_value());
}

TEST(PasswordHashersConfig, DefaultsAreDjango52s) {
  const PasswordHasherOptions o;
  EXPECT_EQ(o.pbkdf2_iterations, 1000000U);
  EXPECT_EQ(o.argon2_time_cost, 2U);
  EXPECT_EQ(o.argon2_memory_cost_kib, 102400U);
  EXPECT_EQ(o.argon2_parallelism, 8U);
  EXPECT_EQ(o.bcrypt_rounds, 12U);
  EXPECT_EQ(o.scrypt_work_factor, 16384U);
  EXPECT_EQ(o.scrypt_block_size, 8U);
  EXPECT_EQ(o.scrypt_parallelism, 1U);
}

TEST(MakePassword, UsesThePreferredHasherWithAFresh22CharacterSalt) {
  const auto hashers = make({"pbkdf2_sha256", "argon2"});
  const std::string a = hashers.make_password("secret");
  const std::string b = hashers.make_password("secret");
  EXPECT_NE(a, b);
  EXPECT_TRUE(a.starts_with("pbkdf2_sha256$1000$")) << a;
  const std::string salt = a.substr(19, a.find('$', 19) - 19);
  EXPECT_EQ(salt.size(), 22U);
  EXPECT_TRUE(alphanumeric(salt)) << salt;
}

TEST(MakePassword, UnusablePasswordIsBangAnd40RandomCharacters) {
  const std::string a = PasswordHashers::make_unusable_password();
  EXPECT_EQ(a.size(), 41U);
  EXPECT_EQ(a[0], '!');
  EXPECT_TRUE(alphanumeric(a.substr(1))) << a;
  EXPECT_NE(a, PasswordHashers::make_unusable_password());
  EXPECT_FALSE(PasswordHashers::is_password_usable(a));
  EXPECT_TRUE(PasswordHashers::is_password_usable("pbkdf2_sha256$1$a$b"));
  EXPECT_TRUE(PasswordHashers::is_password_usable(""));  // Django: usable, but unidentifiable
}

TEST(CheckPassword, MatchesTheRightPasswordOnly) {
  const auto hashers = make({"pbkdf2_sha256"});
  const std::string encoded = hashers.make_password("lètmein");
  EXPECT_EQ(hashers.check_password("lètmein", encoded).matches, true);
  EXPECT_EQ(hashers.check_password("letmein", encoded).matches, false);
  EXPECT_EQ(hashers.check_password("", encoded).matches, false);
  EXPECT_FALSE(hashers.check_password("lètmein", encoded).upgraded.has_value());
}

TEST(CheckPassword, EmptyPasswordIsAnOrdinaryPassword) {
  const auto hashers = make({"pbkdf2_sha256"});
  EXPECT_TRUE(hashers.check_password("", hashers.make_password("")).matches);
}

TEST(CheckPassword, UnusableUnknownAndUnconfiguredEncodingsNeverMatch) {
  const auto hashers = make({"pbkdf2_sha256"});
  const std::string encoded = hashers.make_password("pw");
  const std::string argon2 = make({"argon2"}).make_password("pw");
  for (const std::string& bad : {"!" + encoded, std::string("!"), std::string(""),
                                 std::string("pw"), "nohasher$" + encoded, argon2}) {
    const PasswordCheck check = hashers.check_password("pw", bad);
    EXPECT_FALSE(check.matches) << bad;
    EXPECT_FALSE(check.upgraded.has_value()) << bad;
  }
  EXPECT_EQ(hashers.identify(argon2), nullptr);
  EXPECT_EQ(hashers.identify("!" + encoded), nullptr);
  EXPECT_EQ(hashers.identify(encoded), &hashers.preferred());
}

TEST(CheckPassword, PasswordsOver4096BytesNeverMatch) {
  const auto hashers = make({"pbkdf2_sha256"});
  const std::string longest(PasswordHashers::kMaxPasswordBytes, 'a');
  const std::string too_long = longest + "a";
  EXPECT_TRUE(hashers.check_password(longest, hashers.make_password(longest)).matches);
  EXPECT_FALSE(hashers.check_password(too_long, hashers.make_password(too_long)).matches);
}

TEST(CheckPassword, UpgradesOtherAlgorithmsToThePreferredOne) {
  const auto hashers = make({"argon2", "pbkdf2_sha256", "md5"});
  const std::string old = make({"pbkdf2_sha256"}).make_password("pw");
  const PasswordCheck check = hashers.check_password("pw", old);
  EXPECT_TRUE(check.matches);
  ASSERT_TRUE(check.upgraded.has_value());
  EXPECT_TRUE(check.upgraded->starts_with("argon2$argon2id$v=19$m=64,t=1,p=2$")) << *check.upgraded;
  EXPECT_TRUE(hashers.check_password("pw", *check.upgraded).matches);
  EXPECT_FALSE(hashers.check_password("pw", *check.upgraded).upgraded.has_value());
  EXPECT_FALSE(hashers.check_password("wrong", old).upgraded.has_value());
}

TEST(CheckPassword, UpgradesOtherWorkFactorsAndShortSalts) {
  PasswordHasherOptions more = small_options();
  more.pbkdf2_iterations = 2000;
  const auto current = make({"pbkdf2_sha256"});
  const auto stronger = make({"pbkdf2_sha256"}, more);
  // Fewer iterations are upgraded. More are kept (Django compares with != and would lower them,
  // so a database shared with a newer Django saw each side rewrite the other's hashes).
  EXPECT_TRUE(stronger.check_password("pw", current.make_password("pw")).upgraded.has_value());
  EXPECT_FALSE(current.check_password("pw", stronger.make_password("pw")).upgraded.has_value());
  const PasswordHasher& pbkdf2 = current.preferred();
  EXPECT_FALSE(
      current.check_password("pw", stronger.preferred().encode("pw", "shortsalt")).upgraded)
      << "a short salt is not worth lowering the iterations";
  EXPECT_TRUE(current.check_password("pw", pbkdf2.encode("pw", "shortsalt")).upgraded);
  EXPECT_TRUE(current.check_password("pw", pbkdf2.encode("pw", std::string(21, 'a'))).upgraded);
  EXPECT_FALSE(current.check_password("pw", pbkdf2.encode("pw", std::string(22, 'a'))).upgraded);
}

TEST(CheckPassword, NoWorkFactorIsEverLowered) {
  const auto current = make({"argon2", "bcrypt_sha256", "scrypt"});
  PasswordHasherOptions more = small_options();
  more.argon2_time_cost = 2;
  more.bcrypt_rounds = 5;
  more.scrypt_work_factor = 2048;
  for (const std::string name : {"argon2", "bcrypt_sha256", "scrypt"}) {
    SCOPED_TRACE(name);
    const auto by_name = make({name});
    const auto current_first = make({name, name == "argon2" ? "scrypt" : "argon2"});
    const std::string stronger = make({name}, more).make_password("pw");
    const std::string same = by_name.make_password("pw");
    EXPECT_FALSE(current_first.check_password("pw", stronger).upgraded.has_value());
    EXPECT_FALSE(current_first.check_password("pw", same).upgraded.has_value());
    EXPECT_TRUE(make({name}, more).check_password("pw", same).upgraded.has_value());
  }
  // One factor above ours and one below: kept (re-hashing would lower the first).
  PasswordHasherOptions mixed = small_options();
  mixed.argon2_time_cost = 2;
  mixed.argon2_memory_cost_kib = 32;
  EXPECT_FALSE(
      make({"argon2"}).check_password("pw", make({"argon2"}, mixed).make_password("pw")).upgraded);
}

TEST(CheckPassword, LegacyHashesVerifyAndAreUpgraded) {
  const auto hashers = make({"pbkdf2_sha256", "md5", "sha1", "unsalted_md5", "unsalted_sha1"});
  for (const std::string encoded :
       {"md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3", "5f4dcc3b5aa765d61d8327deb882cf99",
        "md5$$5f4dcc3b5aa765d61d8327deb882cf99",
        "sha1$$5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8"}) {
    SCOPED_TRACE(encoded);
    const PasswordCheck check = hashers.check_password(
        encoded.starts_with("md5$seasalt") ? "lètmein" : "password", encoded);
    EXPECT_TRUE(check.matches);
    EXPECT_TRUE(check.upgraded.has_value());
  }
}

}  // namespace
}  // namespace restjwt
