// UserStoreContract (user_store_contract.hpp) under authenticate_credentials: Django's
// ModelBackend over the store, hash upgrades written with replace_password, and many threads and
// two stores (two nodes, or two processes on one file) logging in, upgrading and writing at once.
#pragma once

#include <array>
#include <atomic>
#include <thread>
#include <vector>

#include "support/forwarding_store.hpp"
#include "support/user_store_contract.hpp"

namespace restjwt::testing {

TEST_P(UserStoreContract, RightPasswordReturnsTheUser) {
  create("alice", hashers_.make_password("wonderland"));
  const auto result = login("alice", "wonderland");
  EXPECT_EQ(result.kind, Kind::kOk);
  ASSERT_TRUE(result.user);
  EXPECT_EQ(result.user->username, "alice");
  EXPECT_FALSE(result.password_upgraded);
}

TEST_P(UserStoreContract, WrongPasswordUnknownUserAndUnusableHashAreAllInvalid) {
  create("alice", hashers_.make_password("wonderland"));
  create("mallory", PasswordHashers::make_unusable_password());
  for (const auto& [username, password] :
       {std::pair{"alice", "Wonderland"}, std::pair{"nobody", "wonderland"},
        std::pair{"mallory", ""}, std::pair{"mallory", "wonderland"},
        std::pair{"ALICE", "wonderland"}}) {
    const auto result = login(username, password);
    EXPECT_EQ(result.kind, Kind::kInvalid) << username;
    EXPECT_FALSE(result.user) << username;
  }
}

TEST_P(UserStoreContract, InactiveUserIsRejectedLikeAWrongPassword) {
  create("bob", hashers_.make_password("builder"), /*active=*/false);
  EXPECT_EQ(login("bob", "builder").kind, Kind::kInvalid);
}

TEST_P(UserStoreContract, AllowInactiveReportsTheDisabledAccountOnlyAfterThePassword) {
  create("bob", hashers_.make_password("builder"), /*active=*/false);
  const auto right = login("bob", "builder", /*allow_inactive=*/true);
  EXPECT_EQ(right.kind, Kind::kInactive);
  ASSERT_TRUE(right.user);
  EXPECT_FALSE(right.user->is_active);
  EXPECT_EQ(login("bob", "wrong", /*allow_inactive=*/true).kind, Kind::kInvalid);
}

TEST_P(UserStoreContract, OutdatedAlgorithmIsUpgradedInThePasswordColumnOnly) {
  const PasswordHashers sha1_first =
      PasswordHashers::from_names({"pbkdf2_sha1"}, PasswordHasherOptions{.pbkdf2_iterations = 1000})
          .value();
  const User before = create("carol", sha1_first.make_password("secret"));
  ASSERT_TRUE(before.password.starts_with("pbkdf2_sha1$"));
  const auto result = login("carol", "secret");
  EXPECT_EQ(result.kind, Kind::kOk);
  EXPECT_TRUE(result.password_upgraded);
  const User after = *store().find_by_username("carol").value();
  EXPECT_TRUE(after.password.starts_with("pbkdf2_sha256$1000$")) << after.password;
  EXPECT_EQ(result.user->password, after.password);
  EXPECT_EQ(after.date_joined, before.date_joined);
  EXPECT_EQ(after.email, before.email);
  EXPECT_EQ(after.last_login, before.last_login);
  EXPECT_TRUE(hashers_.check_password("secret", after.password).matches);
  EXPECT_FALSE(login("carol", "secret").password_upgraded);  // now current: no second write
}

TEST_P(UserStoreContract, FewerIterationsAreUpgradedEvenForAnInactiveUser) {
  // Django's check_password saves the new hash before ModelBackend looks at is_active.
  create("dave", fast_hashers(500).make_password("secret"), /*active=*/false);
  EXPECT_EQ(login("dave", "secret").kind, Kind::kInvalid);
  EXPECT_TRUE(stored_password("dave").starts_with("pbkdf2_sha256$1000$"));
}

TEST_P(UserStoreContract, WrongPasswordNeverWrites) {
  create("erin", fast_hashers(500).make_password("secret"));
  ForwardingStore spy(store());
  ASSERT_TRUE(authenticate_credentials(spy, hashers_, "erin", "guess", false));
  EXPECT_EQ(spy.replace_calls, 0);
  EXPECT_TRUE(stored_password("erin").starts_with("pbkdf2_sha256$500$"));
}

TEST_P(UserStoreContract, UpgradeNeverOverwritesAPasswordChangedDuringTheLogin) {
  create("frank", fast_hashers(500).make_password("old"));
  const std::string changed = hashers_.make_password("new");
  ForwardingStore racing(store());
  racing.after_find = [&] { ASSERT_TRUE(store().set_password("frank", changed).value()); };
  const auto result = authenticate_credentials(racing, hashers_, "frank", "old", false);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->kind, Kind::kOk);  // the password was right when it was read, as in Django
  EXPECT_FALSE(result->password_upgraded);
  EXPECT_FALSE(result->upgrade_error);
  EXPECT_EQ(racing.replace_calls, 1);
  EXPECT_EQ(stored_password("frank"), changed);
}

TEST_P(UserStoreContract, AFailedUpgradeStillLogsIn) {
  create("grace", fast_hashers(500).make_password("secret"));
  ForwardingStore failing(store());
  failing.replace_error = StoreError{StoreError::Kind::kUnavailable, "database is locked"};
  const auto result = authenticate_credentials(failing, hashers_, "grace", "secret", false);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->kind, Kind::kOk);
  EXPECT_FALSE(result->password_upgraded);
  ASSERT_TRUE(result->upgrade_error);
  EXPECT_EQ(result->upgrade_error->message, "database is locked");
}

TEST_P(UserStoreContract, ALookupFailureIsReturnedAsTheStoreError) {
  ForwardingStore down(store());
  down.find_error = StoreError{StoreError::Kind::kUnavailable, "cannot find user: disk I/O error"};
  const auto result = authenticate_credentials(down, hashers_, "alice", "x", false);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, StoreError::Kind::kUnavailable);
}

// No lost update and no busy or locked error reaching a caller.
TEST_P(UserStoreContract, ParallelLoginsOnTwoStoresUpgradeEachHashExactlyOnce) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 200;
  constexpr int kUsers = 4;
  // Two stores on one database: two nodes (or two processes on one file), each with its pool.
  std::unique_ptr<UserStore> stores[] = {open(), open()};
  ASSERT_TRUE(stores[0] && stores[1]);
  const PasswordHashers current = fast_hashers(200);
  const PasswordHashers outdated = fast_hashers(100);
  for (int u = 0; u < kUsers; ++u) {
    const std::string name = "user" + std::to_string(u);
    ASSERT_TRUE(stores[0]->create(new_user(name, outdated.make_password("pw" + name))));
  }
  ASSERT_TRUE(stores[0]->create(new_user("zed", outdated.make_password("old"))));
  const std::string zed_new = current.make_password("new");

  std::atomic<int> errors{0}, wrong_results{0}, changed{0};
  std::array<std::atomic<int>, kUsers + 1> upgrades{};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      UserStore& node = *stores[t % 2];
      for (int round = 0; round < kRounds; ++round) {
        if (t == 0 && round == kRounds / 4) {
          // changepassword while other threads are upgrading zed's old hash.
          if (!node.set_password("zed", zed_new)) ++errors;
          ++changed;
        }
        const int u = (t + round) % (kUsers + 1);
        const std::string name = u == kUsers ? "zed" : "user" + std::to_string(u);
        const bool wrong = round % 5 == 4;
        const std::string password = u == kUsers ? "old" : (wrong ? "nope" : "pw" + name);
        const auto result = authenticate_credentials(node, current, name, password, false);
        if (!result || result->upgrade_error) {
          ++errors;
          continue;
        }
        if (result->password_upgraded) ++upgrades[static_cast<std::size_t>(u)];
        if (u == kUsers) continue;  // zed: valid before the change, invalid after
        if ((result->kind == Kind::kOk) == wrong) ++wrong_results;
        if (result->kind == Kind::kOk && !node.update_last_login(result->user->id)) ++errors;
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

TEST_P(UserStoreContract, ParallelCreatesOfOneNameHaveOneWinner) {
  constexpr int kThreads = 8;
  UserStore& users = store();  // opened before the threads share it
  std::atomic<int> created{0}, conflicts{0}, errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        // Every thread tries the shared names and creates its own.
        for (const std::string& name :
             {"shared" + std::to_string(i), "own" + std::to_string(t) + "_" + std::to_string(i)}) {
          const auto result = users.create(new_user(name, "x"));
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
  EXPECT_EQ(users.list().value().size(), static_cast<std::size_t>(20 + kThreads * 20));
}

TEST_P(UserStoreContract, TwoNodesRacingForOneUsernameMakeOneUser) {
  std::unique_ptr<UserStore> first = open();
  std::unique_ptr<UserStore> second = open();
  ASSERT_TRUE(first && second);
  for (int round = 0; round < 10; ++round) {
    const std::string name = "user" + std::to_string(round);
    std::atomic<int> created{0};
    std::atomic<int> conflicts{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 6; ++i) {
      threads.emplace_back([&, i] {
        auto result = (i % 2 == 0 ? first : second)->create(new_user(name, "x"));
        if (result) {
          ++created;
        } else if (result.error().kind == StoreError::Kind::kConflict) {
          ++conflicts;
        }
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(created.load(), 1);
    EXPECT_EQ(conflicts.load(), 5);
  }
  EXPECT_EQ(first->list()->size(), 10U);
}

}  // namespace restjwt::testing
