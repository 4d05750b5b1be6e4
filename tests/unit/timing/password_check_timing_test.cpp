// Wire contract §8: an unknown user, an unusable or unknown hash, a wrong password (also
// against a weaker hash) and the right password cost the same work within noise. The method is in
// support/cpu_time_medians.hpp; the control test shows it flags a check that skips the dummy hash.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "restjwt/password_hasher.hpp"
#include "support/cpu_time_medians.hpp"

namespace restjwt {
namespace {

using testing::TimedCase;

constexpr int kRounds = 41;
constexpr std::uint32_t kIterations = 20000;  // ≈2 ms per check: fast, and far above timer noise
constexpr double kFloor = 0.05;  // sub-5 % costs (salt, strings) drown in network jitter

PasswordHashers hashers_with(std::uint32_t iterations, std::vector<std::string> names) {
  PasswordHasherOptions options;
  options.pbkdf2_iterations = iterations;
  options.argon2_time_cost = 1, options.argon2_memory_cost_kib = 64;
  options.argon2_parallelism = 2;
  return PasswordHashers::from_names(names, options).value();
}

TEST(CheckPasswordTiming, UnknownUnusableWrongAndRightTakeTheSameTime) {
  const auto hashers = hashers_with(kIterations, {"pbkdf2_sha256", "md5"});
  const std::string encoded = hashers.make_password("correct horse");
  const std::string weaker = hashers_with(kIterations / 4, {"pbkdf2_sha256"}).make_password("pw");
  const std::string unconfigured = hashers_with(kIterations, {"argon2"}).make_password("pw");
  const std::string unusable = PasswordHashers::make_unusable_password();
  const std::string too_long(PasswordHashers::kMaxPasswordBytes + 1, 'x');
  const std::vector<TimedCase> cases = {
      {"right password", [&] { hashers.check_password("correct horse", encoded); }},
      {"wrong password", [&] { hashers.check_password("wrong horse", encoded); }},
      {"wrong password, weaker hash", [&] { hashers.check_password("wrong", weaker); }},
      {"unusable password", [&] { hashers.check_password("correct horse", unusable); }},
      {"unknown format", [&] { hashers.check_password("correct horse", "nohasher$abc"); }},
      {"unconfigured hasher", [&] { hashers.check_password("pw", unconfigured); }},
      {"password over 4096 bytes", [&] { hashers.check_password(too_long, encoded); }},
      {"unknown user", [&] { hashers.run_default_hasher("correct horse"); }},
  };
  const auto comparison = testing::compare_cpu_time_with_retries(cases, kRounds, kFloor);
  EXPECT_TRUE(comparison.different.empty()) << comparison.report;
}

TEST(CheckPasswordTiming, ControlFlagsACheckWithoutTheDummyHash) {
  const auto hashers = hashers_with(kIterations, {"pbkdf2_sha256"});
  const std::string encoded = hashers.make_password("correct horse");
  const std::vector<TimedCase> cases = {
      {"right password", [&] { hashers.check_password("correct horse", encoded); }},
      {"identify only", [&] { static_cast<void>(hashers.identify("nohasher$abc")); }},
  };
  const auto comparison = testing::compare_cpu_time(cases, kRounds, kFloor);
  EXPECT_EQ(comparison.different, std::vector<std::string>{"identify only"}) << comparison.report;
}

}  // namespace
}  // namespace restjwt
