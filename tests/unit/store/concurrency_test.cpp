// Many threads (and two stores on one file, like two processes) authenticating, upgrading and
// writing the same users: no lost update, no "database is locked" reaching a caller.
#include <atomic>
#include <map>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "restjwt/credentials.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "store_test_support.hpp"

namespace restjwt {
namespace {

using Kind = CredentialsResult::Kind;

constexpr int kThreads = 8;
constexpr int kRounds = 200;
constexpr int kUsers = 4;

PasswordHashers make_hashers(std::uint32_t iterations) {
  PasswordHasherOptions options;
  options.pbkdf2_iterations = iterations;
  return PasswordHashers::from_names({"pbkdf2_sha256", "pbkdf2_sha1"}, options).value();
}

std::unique_ptr<SqliteUserStore> open_store(const std::string& path) {
  SqliteStoreOptions options;
  options.path = path;
  options.create_if_missing = true;
  return SqliteUserStore::open(options).value();
}

TEST(StoreConcurrency, ParallelLoginsUpgradeEachHashExactlyOnce) {
  testing::TempDir dir;
  const std::string path = dir.file("db.sqlite3");
  // Two stores on one file: two server processes, each with its own pool.
  std::unique_ptr<SqliteUserStore> stores[] = {open_store(path), open_store(path)};
  const PasswordHashers current = make_hashers(200);
  const PasswordHashers outdated = make_hashers(100);
  for (int u = 0; u < kUsers; ++u) {
    const std::string name = "user" + std::to_string(u);
    ASSERT_TRUE(stores[0]->create(testing::new_user(name, outdated.make_password("pw" + name))));
  }
  ASSERT_TRUE(stores[0]->create(testing::new_user("zed", outdated.make_password("old"))));
  const std::string zed_new = current.make_password("new");

  std::atomic<int> errors{0}, wrong_results{0}, changed{0};
  std::array<std::atomic<int>, kUsers + 1> upgrades{};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      UserStore& store = *stores[t % 2];
      for (int round = 0; round < kRounds; ++round) {
        if (t == 0 && round == kRounds / 4) {
          // changepassword while other threads are upgrading zed's old hash.
          if (!store.set_password("zed", zed_new)) ++errors;
          ++changed;
        }
        const int u = (t + round) % (kUsers + 1);
        const std::string name = u == kUsers ? "zed" : "user" + std::to_string(u);
        const bool wrong = round % 5 == 4;
        const std::string password = u == kUsers ? "old" : (wrong ? "nope" : "pw" + name);
        const auto result = authenticate_credentials(store, current, name, password, false);
        if (!result || result->upgrade_error) {
          ++errors;
          continue;
        }
        if (result->password_upgraded) ++upgrades[static_cast<std::size_t>(u)];
        if (u == kUsers) continue;  // zed: valid before the change, invalid after
        if ((result->kind == Kind::kOk) == wrong) ++wrong_results;
        if (result->kind == Kind::kOk && !store.update_last_login(result->user->id)) ++errors;
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(wrong_results.load(), 0);
  EXPECT_EQ(changed.load(), 1);
  for (int u = 0; u < kUsers; ++u) {
    const std::string name = "user" + std::to_string(u);
    EXPECT_EQ(upgrades[static_cast<std::size_t>(u)].load(), 1) << name;
    const User user = *stores[1]->find_by_username(name).value();
    EXPECT_TRUE(user.password.starts_with("pbkdf2_sha256$200$")) << user.password;
    EXPECT_TRUE(current.check_password("pw" + name, user.password).matches);
    EXPECT_FALSE(user.last_login.empty());
  }
  // The password change is never undone by an upgrade of the hash it replaced.
  EXPECT_LE(upgrades[kUsers].load(), 1);
  const User zed = *stores[1]->find_by_username("zed").value();
  EXPECT_EQ(zed.password, zed_new);
}

TEST(StoreConcurrency, ParallelCreatesOfOneNameHaveOneWinner) {
  testing::TempDir dir;
  auto store = open_store(dir.file("db.sqlite3"));
  std::atomic<int> created{0}, conflicts{0}, errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        // Every thread tries the shared names and creates its own.
        for (const std::string& name :
             {"shared" + std::to_string(i), "own" + std::to_string(t) + "_" + std::to_string(i)}) {
          const auto result = store->create(testing::new_user(name, "x"));
          if (result) {
            ++created;
          } else if (result.error().kind == StoreError::Kind::kConflict) {
            ++conflicts;
          } else {
            ++errors;
          }
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(created.load(), 20 + kThreads * 20);
  EXPECT_EQ(conflicts.load(), (kThreads - 1) * 20);
  EXPECT_EQ(store->list().value().size(), static_cast<std::size_t>(20 + kThreads * 20));
}

}  // namespace
}  // namespace restjwt
