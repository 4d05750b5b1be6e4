// Unknown user, wrong password, unusable hash, a weaker hash and the right password must cost the
// same through authenticate_credentials (wire contract §8): an attacker timing the obtain view
// learns nothing about which users exist. The method is in support/cpu_time_medians.hpp.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "restjwt/credentials.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "support/cpu_time_medians.hpp"
#include "unit/store/store_test_support.hpp"

namespace restjwt {
namespace {

constexpr std::uint32_t kIterations = 20000;  // a few milliseconds: well above timer noise
constexpr int kRounds = 31;

struct Login {
  const char* name;
  const char* username;
  const char* password;
};

TEST(LoginTiming, EveryFailureCostsWhatASuccessCosts) {
  testing::TempDir dir;
  SqliteStoreOptions options;
  options.path = dir.file("db.sqlite3");
  options.create_if_missing = true;
  auto store = SqliteUserStore::open(options).value();
  PasswordHasherOptions hasher_options;
  hasher_options.pbkdf2_iterations = kIterations;
  const auto hashers = PasswordHashers::from_names({"pbkdf2_sha256"}, hasher_options).value();
  hasher_options.pbkdf2_iterations = kIterations / 2;
  const auto weaker = PasswordHashers::from_names({"pbkdf2_sha256"}, hasher_options).value();
  ASSERT_TRUE(store->create(testing::new_user("alice", hashers.make_password("right"))));
  ASSERT_TRUE(
      store->create(testing::new_user("mallory", PasswordHashers::make_unusable_password())));
  ASSERT_TRUE(store->create(testing::new_user("weak", weaker.make_password("right"))));

  const std::vector<Login> logins = {{"right password", "alice", "right"},
                                     {"wrong password", "alice", "wrong"},
                                     {"unknown user", "nobody", "right"},
                                     {"unusable hash", "mallory", "right"},
                                     {"weaker hash, wrong password", "weak", "wrong"}};
  std::vector<testing::TimedCase> cases;
  bool outcomes_as_expected = true;
  for (std::size_t i = 0; i < logins.size(); ++i) {
    cases.push_back({logins[i].name, [&, i] {
                       const auto result = authenticate_credentials(
                           *store, hashers, logins[i].username, logins[i].password, false);
                       const bool ok = result && result->kind == CredentialsResult::Kind::kOk;
                       if (!result || ok != (i == 0)) outcomes_as_expected = false;
                     }});
  }
  const auto comparison = testing::compare_cpu_time_with_retries(cases, kRounds, 0.05);
  EXPECT_TRUE(outcomes_as_expected) << "only the right password may log in";
  EXPECT_TRUE(comparison.different.empty()) << comparison.report;
}

}  // namespace
}  // namespace restjwt
