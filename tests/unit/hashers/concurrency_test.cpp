// PasswordHashers is immutable and shared by the worker pool: concurrent checks must agree.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "restjwt/password_hasher.hpp"

namespace restjwt {
namespace {

TEST(PasswordHashersThreads, ConcurrentChecksWithEveryHasherAgree) {
  PasswordHasherOptions o;
  o.pbkdf2_iterations = 1000;
  o.argon2_time_cost = 1, o.argon2_memory_cost_kib = 64, o.argon2_parallelism = 2;
  o.bcrypt_rounds = 4;
  o.scrypt_work_factor = 1024;
  const std::vector<std::string> names = {"pbkdf2_sha256", "pbkdf2_sha1", "argon2",
                                          "bcrypt_sha256", "bcrypt",      "scrypt"};
  std::vector<std::string> encodings;
  for (const auto& name : names) {
    encodings.push_back(PasswordHashers::from_names({name}, o).value().make_password("pw"));
  }
  const auto shared = PasswordHashers::from_names(names, o).value();
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 10; ++round) {
        for (const auto& encoded : encodings) {
          if (!shared.check_password("pw", encoded).matches) ++failures;
          if (shared.check_password("wrong", encoded).matches) ++failures;
        }
        if (shared.make_password("pw").empty()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace restjwt
