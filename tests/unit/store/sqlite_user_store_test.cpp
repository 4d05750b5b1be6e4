// What only SqliteUserStore does: values stored as Django's SQLite backend stores them, and the
// file it works on (the UserStore contract itself: user_store_contract_test.cpp).
#include "restjwt/sqlite_user_store.hpp"

#include <string>

#include <gtest/gtest.h>

#include "sqlite_store_support.hpp"
#include "store_test_support.hpp"
#include "support/django_tables.hpp"

namespace restjwt {
namespace {

using testing::TempDir;

std::unique_ptr<SqliteUserStore> open_store(const std::string& path,
                                            const UserTableSchema& schema = {}) {
  SqliteStoreOptions options;
  options.path = path;
  options.schema = schema;
  options.create_if_missing = true;
  return testing::open_sqlite_store(std::move(options));
}

TEST(SqliteUserStore, BooleansAreIntegersAndNoLastLoginIsNull) {
  TempDir dir;
  const std::string db = dir.file("db.sqlite3");
  auto store = open_store(db);
  ASSERT_TRUE(store);
  NewUser input = testing::new_user("alice", "pbkdf2_sha256$x", "alice@example.com");
  input.is_superuser = true;
  input.is_staff = true;
  ASSERT_TRUE(store->create(input));
  EXPECT_EQ(testing::query_text(db,
                                "SELECT typeof(last_login) || is_superuser || is_staff || "
                                "is_active FROM auth_user"),
            "null111");
}

TEST(SqliteUserStore, UuidsAreStoredAsDjangosHex) {
  TempDir dir;
  const std::string path = dir.file("db.sqlite3");
  testing::exec_sql(path, testing::accounts_user_table());
  auto store = open_store(path, testing::accounts_user_schema());
  ASSERT_TRUE(store);
  const auto created = store->create(testing::new_user("ann@example.com", "x$1"));
  ASSERT_TRUE(created) << created.error().message;
  std::string hex = std::get<std::string>(created->id);
  std::erase(hex, '-');
  EXPECT_EQ(testing::query_text(path, "SELECT id FROM accounts_user"), hex);
  EXPECT_EQ(testing::query_text(path, "SELECT length(jwt_secret) FROM accounts_user"), "32");
  ASSERT_TRUE(store->set_jwt_secret("ann@example.com", "6F1C8B1E-3E8A-4B9A-9C1D-0123456789AB"));
  EXPECT_EQ(testing::query_text(path, "SELECT jwt_secret FROM accounts_user"),
            "6f1c8b1e3e8a4b9a9c1d0123456789ab");
}

TEST(SqliteUserStore, KeepsItsFileInWalMode) {
  TempDir dir;
  const std::string db = dir.file("db.sqlite3");
  auto store = open_store(db);
  ASSERT_TRUE(store);
  ASSERT_TRUE(open_store(db));  // a second open finds the file and creates nothing
  EXPECT_EQ(store->path(), db);
  EXPECT_EQ(testing::query_text(db, "PRAGMA journal_mode"), "wal");
}

}  // namespace
}  // namespace restjwt
