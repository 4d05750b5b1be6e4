// simplejwt's token_blacklist tables in SQLite: the store contract, and the tables exactly as
// simplejwt 5.2's migrations leave them in SQLite, adopted by Django's migrate.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "restjwt/sqlite_outstanding_tokens.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "store_test_support.hpp"
#include "support/outstanding_tokens_contract.hpp"

namespace restjwt {
namespace {

using testing::OutstandingTokensContract;
using testing::OutstandingTokensFactory;
using testing::OutstandingTokensKind;

// A restjwt database file with Django's auth schema and user 1.
std::string database_with_a_user(testing::TempDir& dir) {
  const std::string path = dir.file("db.sqlite3");
  SqliteStoreOptions options;
  options.path = path;
  options.create_if_missing = true;
  auto store = SqliteUserStore::open(options).value();
  NewUser user;
  user.username = "alice";
  user.password = "!";
  EXPECT_TRUE(store->create(user).has_value());
  return path;
}

OutstandingTokensFactory sqlite_place() {
  auto dir = std::make_shared<testing::TempDir>();
  const std::string path = database_with_a_user(*dir);
  return [dir, path]() -> std::unique_ptr<OutstandingTokenStore> {
    auto store = open_sqlite_outstanding_tokens(path, std::chrono::seconds(5));
    EXPECT_TRUE(store.has_value()) << store.error().message;
    return store ? std::move(*store) : nullptr;
  };
}

INSTANTIATE_TEST_SUITE_P(OutstandingTokenStores, OutstandingTokensContract,
                         ::testing::Values(OutstandingTokensKind{"Sqlite", sqlite_place}),
                         testing::outstanding_tokens_name);

std::vector<std::string> rows(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK);
  std::vector<std::string> out;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

TEST(SqliteOutstandingTokens, CreatesTheTablesAsSimplejwtsMigrationsDo) {
  testing::TempDir dir;
  const std::string path = database_with_a_user(dir);
  ASSERT_TRUE(open_sqlite_outstanding_tokens(path, std::chrono::seconds(5)).has_value());
  // What sqlite_master holds after Django 3.2's `migrate` of simplejwt 5.2.2's token_blacklist.
  EXPECT_EQ(
      rows(path, "SELECT sql FROM sqlite_master WHERE name LIKE 'token_blacklist%' ORDER BY name"),
      (std::vector<std::string>{
          R"(CREATE TABLE "token_blacklist_blacklistedtoken" ("blacklisted_at" datetime NOT NULL, "token_id" bigint NOT NULL UNIQUE REFERENCES "token_blacklist_outstandingtoken" ("id") DEFERRABLE INITIALLY DEFERRED, "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT))",
          R"(CREATE TABLE "token_blacklist_outstandingtoken" ("token" text NOT NULL, "created_at" datetime NULL, "expires_at" datetime NOT NULL, "user_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "jti" varchar(255) NOT NULL UNIQUE, "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT))",
          R"(CREATE INDEX "token_blacklist_outstandingtoken_user_id_83bc629a" ON "token_blacklist_outstandingtoken" ("user_id"))",
      }));
  EXPECT_EQ(rows(path, "SELECT count(*) FROM django_migrations WHERE app = 'token_blacklist'"),
            std::vector<std::string>{"11"});
  // Opened again (another process, a restart): nothing is created or recorded twice.
  ASSERT_TRUE(open_sqlite_outstanding_tokens(path, std::chrono::seconds(5)).has_value());
  EXPECT_EQ(rows(path, "SELECT count(*) FROM django_migrations WHERE app = 'token_blacklist'"),
            std::vector<std::string>{"11"});
}

TEST(SqliteOutstandingTokens, WritesDatetimesAsDjangoReadsThem) {
  testing::TempDir dir;
  const std::string path = database_with_a_user(dir);
  auto store = open_sqlite_outstanding_tokens(path, std::chrono::seconds(5)).value();
  ASSERT_TRUE(store->record(testing::refresh_row("d1"), "d1").has_value());
  ASSERT_TRUE(store->blacklist(testing::refresh_row("d1"), 1800000100).value());
  EXPECT_EQ(rows(path,
                 "SELECT created_at || '|' || expires_at || '|' || user_id FROM "
                 "token_blacklist_outstandingtoken"),
            std::vector<std::string>{"2027-01-15 08:00:00|2027-01-16 08:00:00|1"});
  EXPECT_EQ(rows(path, "SELECT blacklisted_at FROM token_blacklist_blacklistedtoken"),
            std::vector<std::string>{"2027-01-15 08:01:40"});
}

}  // namespace
}  // namespace restjwt
