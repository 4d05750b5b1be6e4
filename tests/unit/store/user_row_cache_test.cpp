// SqliteUserStore answers repeated lookups from remembered rows, never later than a read of the
// database would see a change: every commit, by another connection, another process or an
// unfinished writer's final COMMIT, is seen by the next lookup.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "restjwt/sqlite_user_store.hpp"
#include "sqlite_store_support.hpp"
#include "store_test_support.hpp"

namespace restjwt {
namespace {

using testing::TempDir;

using testing::RawConnection;

class UserRowCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_store();
    create("alice");
    create("bob");
  }

  std::unique_ptr<SqliteUserStore> open_store() {
    SqliteStoreOptions options;
    options.path = path_;
    options.create_if_missing = true;
    return testing::open_sqlite_store(std::move(options));
  }

  void create(const std::string& username) {
    auto created = store_->create(testing::new_user(username, "pbkdf2_sha256$1$s$" + username));
    ASSERT_TRUE(created) << created.error().message;
  }

  User find(const std::string& username) {
    auto found = store_->find_by_username(username);
    EXPECT_TRUE(found) << found.error().message;
    EXPECT_TRUE(found && found->has_value()) << username << " not found";
    return found && found->has_value() ? **found : User{};
  }

  // Looks `username` up until its row is remembered, so that the next lookup is a cache hit.
  void warm(const std::string& username) {
    for (int i = 0; i < 3; ++i) find(username);
    const auto before = store_->cached_lookups();
    find(username);
    ASSERT_EQ(store_->cached_lookups(), before + 1) << "the row was not remembered";
  }

  TempDir dir_;
  std::string path_ = dir_.file("db.sqlite3");
  std::unique_ptr<SqliteUserStore> store_;
};

TEST_F(UserRowCacheTest, RepeatedLookupsAreAnsweredFromRememberedRows) {
  warm("alice");
  const auto before = store_->cached_lookups();
  for (int i = 0; i < 10; ++i) EXPECT_EQ(find("alice").username, "alice");
  EXPECT_EQ(store_->cached_lookups(), before + 10);
  // By id too, and an id never answers for a username (or the reverse).
  const UserId id = find("bob").id;
  for (int i = 0; i < 4; ++i) {
    auto by_id = store_->find_by_id(id);
    ASSERT_TRUE(by_id && by_id->has_value());
    EXPECT_EQ((*by_id)->username, "bob");
  }
  EXPECT_GE(store_->cached_lookups(), before + 12);
  EXPECT_EQ(find("alice").username, "alice");
}

TEST_F(UserRowCacheTest, NobodyIsRememberedUntilTheUserIsCreated) {
  for (int i = 0; i < 4; ++i) {
    auto missing = store_->find_by_username("carol");
    ASSERT_TRUE(missing);
    EXPECT_FALSE(missing->has_value());
  }
  EXPECT_GE(store_->cached_lookups(), 1U) << "\"nobody\" was not remembered";
  auto other = open_store();  // another connection, as another node on the file would have
  ASSERT_TRUE(other->create(testing::new_user("carol", "pbkdf2_sha256$1$s$h")));
  EXPECT_EQ(find("carol").username, "carol");
}

TEST_F(UserRowCacheTest, AnotherConnectionsCommitsAreSeenByTheNextLookup) {
  auto other = open_store();
  warm("alice");

  ASSERT_TRUE(other->set_active("alice", false));
  const auto hits = store_->cached_lookups();
  EXPECT_FALSE(find("alice").is_active);
  EXPECT_EQ(store_->cached_lookups(), hits) << "a changed database was answered from the cache";

  warm("alice");
  ASSERT_TRUE(other->set_password("alice", "pbkdf2_sha256$1$s$new"));
  EXPECT_EQ(find("alice").password, "pbkdf2_sha256$1$s$new");

  warm("alice");
  ASSERT_TRUE(other->remove("alice"));
  auto gone = store_->find_by_username("alice");
  ASSERT_TRUE(gone);
  EXPECT_FALSE(gone->has_value());
}

TEST_F(UserRowCacheTest, AWriteToAnotherTableAlsoRefreshes) {
  // Any commit changes the stamp; the cache never reasons about which rows changed.
  RawConnection raw(path_);
  warm("alice");
  raw.exec("CREATE TABLE unrelated (x)");
  const auto hits = store_->cached_lookups();
  find("alice");
  EXPECT_EQ(store_->cached_lookups(), hits);
}

TEST_F(UserRowCacheTest, AnUncommittedWriteIsNotSeenAndItsCommitIs) {
  RawConnection raw(path_);
  warm("alice");
  raw.exec("BEGIN IMMEDIATE; UPDATE auth_user SET is_active = 0 WHERE username = 'alice'");
  EXPECT_TRUE(find("alice").is_active);
  EXPECT_TRUE(find("alice").is_active);
  raw.exec("COMMIT");
  EXPECT_FALSE(find("alice").is_active);
}

TEST_F(UserRowCacheTest, AnotherProcessesCommitIsSeenByTheNextLookup) {
  warm("alice");
  const auto result = testing::run_command(
      dir_.path(),
      "/usr/bin/python3 -c \"import sqlite3; c = sqlite3.connect('db.sqlite3'); "
      "c.execute(\\\"UPDATE auth_user SET is_active = 0, first_name = 'other process' "
      "WHERE username = 'alice'\\\"); c.commit()\"");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const User alice = find("alice");
  EXPECT_FALSE(alice.is_active);
  EXPECT_EQ(alice.first_name, "other process");
}

TEST_F(UserRowCacheTest, NobodyCanTakeTheDatabaseOutOfWalModeWhileTheStoreIsOpen) {
  // The stamp is only a change counter while every writer goes through the WAL index. Leaving
  // WAL mode (or exclusive locking) needs an exclusive lock, which the store's shared one denies.
  warm("alice");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode = DELETE", -1, &stmt, nullptr), SQLITE_OK);
  const int rc = sqlite3_step(stmt);
  std::string mode;
  if (rc == SQLITE_ROW) mode = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  EXPECT_TRUE(rc == SQLITE_BUSY || mode == "wal") << "rc " << rc << ", mode " << mode;
  EXPECT_EQ(testing::query_text(path_, "PRAGMA journal_mode"), "wal");
}

TEST_F(UserRowCacheTest, MoreUsersThanTheCacheHoldsAreAllAnsweredRightly) {
  auto other = open_store();
  for (int i = 0; i < 1100; ++i) {
    ASSERT_TRUE(other->create(testing::new_user("u" + std::to_string(i), "x")));
  }
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 1100; ++i) {
      ASSERT_EQ(find("u" + std::to_string(i)).username, "u" + std::to_string(i));
    }
  }
  // Cycling through more users than it holds empties the cache again and again; it still
  // remembers the latest ones.
  find("u5");
  const auto before = store_->cached_lookups();
  find("u5");
  EXPECT_EQ(store_->cached_lookups(), before + 1);
}

TEST_F(UserRowCacheTest, UnderConcurrentCommitsNoLookupReturnsARowOlderThanTheLastCommit) {
  // A writer commits first_name = 1, 2, 3, … and publishes each number after its COMMIT
  // returned; readers note the published number before each lookup, and the row must be at
  // least that new. A stale cached row would be older.
  ASSERT_TRUE(store_->set_active("alice", true));
  RawConnection writer_db(path_);
  writer_db.exec("UPDATE auth_user SET first_name = '0' WHERE username = 'alice'");
  std::atomic<int> committed{0};
  std::atomic<bool> done{false};
  std::atomic<int> stale{0};
  std::atomic<long> lookups{0};

  std::thread writer([&] {
    for (int n = 1; n <= 300; ++n) {
      writer_db.exec("UPDATE auth_user SET first_name = '" + std::to_string(n) +
                     "' WHERE username = 'alice'");
      committed.store(n);
      // Let the readers hit the cache between commits.
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    done = true;
  });
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      while (!done) {
        const int floor = committed.load();
        auto found = store_->find_by_username("alice");
        if (!found || !found->has_value()) {
          ++stale;
          continue;
        }
        if (std::stoi((*found)->first_name) < floor) ++stale;
        ++lookups;
      }
    });
  }
  writer.join();
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(stale.load(), 0);
  EXPECT_GT(lookups.load(), 300);
  EXPECT_GT(store_->cached_lookups(), 0U) << "the cache was never used; the test proves nothing";
  EXPECT_EQ(find("alice").first_name, "300");
}

}  // namespace
}  // namespace restjwt
