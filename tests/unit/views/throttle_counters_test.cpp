// The ThrottleCounters contract (support/throttle_counters_contract.hpp) for the counters of one
// node (memory) and of several processes sharing a SQLite file.
#include <sqlite3.h>

#include "restjwt/sqlite_throttle_counters.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "support/sqlite_database.hpp"
#include "support/temp_dir.hpp"
#include "support/throttle_counters_contract.hpp"

namespace restjwt {
namespace {

using testing::CountersFactory;
using testing::CountersKind;
using testing::ThrottleCountersContract;

CountersFactory memory_place() {
  return [] { return make_memory_throttle_counters(); };
}

CountersFactory sqlite_place() {
  // One directory per test, alive as long as the factory (and so every counters it opened).
  auto dir = std::make_shared<testing::TempDir>();
  const std::string path = testing::restjwt_sqlite_file(dir->file("db.sqlite3"));
  return [dir, path]() -> std::unique_ptr<ThrottleCounters> {
    auto counters = open_sqlite_throttle_counters(path, std::chrono::seconds(5));
    EXPECT_TRUE(counters) << (counters ? "" : counters.error().message);
    return counters ? std::move(*counters) : nullptr;
  };
}

INSTANTIATE_TEST_SUITE_P(Counters, ThrottleCountersContract,
                         ::testing::Values(CountersKind{"Memory", false, memory_place},
                                           CountersKind{"Sqlite", true, sqlite_place}),
                         testing::kind_name);

TEST(SqliteThrottleCounters, AFileThatCannotBeOpenedIsAClearError) {
  testing::TempDir dir;
  const auto missing =
      open_sqlite_throttle_counters(dir.file("none/db.sqlite3"), std::chrono::seconds(1));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, StoreError::Kind::kUnavailable) << missing.error().message;
}

TEST(SqliteThrottleCounters, ALostTableIsAnErrorValueNotACrash) {
  testing::TempDir dir;
  SqliteStoreOptions options;
  options.path = dir.file("db.sqlite3");
  options.create_if_missing = true;
  ASSERT_TRUE(SqliteUserStore::open(options));
  auto counters = open_sqlite_throttle_counters(options.path, std::chrono::seconds(1)).value();
  ASSERT_TRUE(counters->hit("addr:x", 60));
  auto other = open_sqlite_throttle_counters(options.path, std::chrono::seconds(1)).value();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(options.path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "DROP TABLE restjwt_throttle", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  EXPECT_FALSE(counters->hit("addr:x", 60));
  EXPECT_FALSE(other->blocked_until("fail:x"));
}

}  // namespace
}  // namespace restjwt
