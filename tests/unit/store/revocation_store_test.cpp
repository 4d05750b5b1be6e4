// The RevocationStore contract (support/revocation_store_contract.hpp) for one node's memory and
// for the tables of a SQLite file shared by the server processes and the `restjwt users` commands.
// (TempDir is this binary's own, store_test_support.hpp: one definition per binary.)
#include <sqlite3.h>

#include "restjwt/sqlite_revocation_store.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "support/revocation_store_contract.hpp"
#include "unit/store/store_test_support.hpp"

namespace restjwt {
namespace {

using testing::RevocationStoreContract;
using testing::RevocationStoreFactory;
using testing::RevocationStoreKind;

RevocationStoreFactory memory_place() {
  return [] { return make_memory_revocation_store(); };
}

RevocationStoreFactory sqlite_place() {
  auto dir = std::make_shared<testing::TempDir>();
  const std::string path = dir->file("db.sqlite3");
  SqliteStoreOptions options;
  options.path = path;
  options.create_if_missing = true;
  EXPECT_TRUE(SqliteUserStore::open(options));  // a real restjwt database file
  return [dir, path]() -> std::unique_ptr<RevocationStore> {
    auto store = open_sqlite_revocation_store(path, std::chrono::seconds(5));
    EXPECT_TRUE(store) << (store ? "" : store.error().message);
    return store ? std::move(*store) : nullptr;
  };
}

INSTANTIATE_TEST_SUITE_P(Revocations, RevocationStoreContract,
                         ::testing::Values(RevocationStoreKind{"Memory", false, memory_place},
                                           RevocationStoreKind{"Sqlite", true, sqlite_place}),
                         testing::revocation_kind_name);

TEST(SqliteRevocationStore, AFileThatCannotBeOpenedIsAClearError) {
  testing::TempDir dir;
  const auto missing =
      open_sqlite_revocation_store(dir.file("none/db.sqlite3"), std::chrono::seconds(1));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, StoreError::Kind::kUnavailable) << missing.error().message;
}

TEST(SqliteRevocationStore, ATableOfThatNameMadeBySomeoneElseFailsAtOpen) {
  testing::TempDir dir;
  const std::string path = dir.file("db.sqlite3");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE restjwt_revoked_tokens (token TEXT)", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  const auto opened = open_sqlite_revocation_store(path, std::chrono::seconds(1));
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("revocation tables"), std::string::npos)
      << opened.error().message;
}

}  // namespace
}  // namespace restjwt
