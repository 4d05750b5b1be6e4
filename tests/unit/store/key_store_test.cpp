// The KeyStore contract (support/key_store_contract.hpp) for the key ring in a SQLite file shared
// by several processes and in a directory of key files, and what each does with what it finds.
#include <filesystem>
#include <fstream>

#include <sqlite3.h>
#include <sys/stat.h>

#include "restjwt/directory_key_store.hpp"
#include "restjwt/sqlite_key_store.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "store_test_support.hpp"
#include "support/key_store_contract.hpp"
#include "support/sqlite_database.hpp"

namespace restjwt {
namespace {

using testing::KeyStoreContract;
using testing::KeyStoreFactory;
using testing::KeyStoreKind;

KeyStoreFactory sqlite_place() {
  auto dir = std::make_shared<testing::TempDir>();
  const std::string path = testing::restjwt_sqlite_file(dir->file("db.sqlite3"));
  return [dir, path]() -> std::unique_ptr<KeyStore> {
    auto store = open_sqlite_key_store(path, std::chrono::seconds(5));
    EXPECT_TRUE(store) << (store ? "" : store.error().message);
    return store ? std::move(*store) : nullptr;
  };
}

KeyStoreFactory directory_place() {
  auto dir = std::make_shared<testing::TempDir>();
  return [dir]() -> std::unique_ptr<KeyStore> {
    auto store = open_directory_key_store(dir->path());
    EXPECT_TRUE(store) << (store ? "" : store.error().message);
    return store ? std::move(*store) : nullptr;
  };
}

INSTANTIATE_TEST_SUITE_P(KeyStores, KeyStoreContract,
                         ::testing::Values(KeyStoreKind{"Sqlite", sqlite_place},
                                           KeyStoreKind{"Directory", directory_place}),
                         testing::key_store_name);

TEST(DirectoryKeyStore, WritesKeyFilesOnlyItsOwnerCanReadAndAManifest) {
  testing::TempDir dir;
  auto store = open_directory_key_store(dir.path()).value();
  ASSERT_TRUE(store->insert(testing::stored_key("rsa-1", KeyState::kActive)).value());
  ASSERT_TRUE(
      store->insert(testing::stored_key("hs-1", KeyState::kNext, 1, Algorithm::kHS256)).value());
  for (const char* name : {"rsa-1.pem", "rsa-1.pub.pem", "hs-1.secret", "manifest.json"}) {
    struct stat info {};
    ASSERT_EQ(::stat(dir.file(name).c_str(), &info), 0) << name;
    EXPECT_EQ(info.st_mode & 0777, 0600U) << name;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("hs-1.pub.pem")));
  ASSERT_TRUE(store->remove("hs-1").value());
  EXPECT_FALSE(std::filesystem::exists(dir.file("hs-1.secret")));
}

TEST(DirectoryKeyStore, ReadsAManifestWrittenByHand) {
  testing::TempDir dir;
  std::ofstream(dir.file("manifest.json"))
      << R"({"keys":[{"kid":"by-hand","algorithm":"ES256","state":"active","created_at":7}]})";
  std::ofstream(dir.file("by-hand.pem")) << "PEM TEXT";
  auto keys = open_directory_key_store(dir.path()).value()->load();
  ASSERT_TRUE(keys.has_value()) << keys.error().message;
  ASSERT_EQ(keys->size(), 1U);
  EXPECT_EQ((*keys)[0].algorithm, Algorithm::kES256);
  EXPECT_EQ((*keys)[0].secret, "PEM TEXT");
  EXPECT_EQ((*keys)[0].public_pem, "") << "taken from the private key by the ring";
  EXPECT_EQ((*keys)[0].activated_at, 0);
}

TEST(DirectoryKeyStore, ABrokenManifestIsAClearError) {
  testing::TempDir dir;
  for (const char* text : {"not json", R"({"keys":{}})",
                           R"({"keys":[{"kid":"a b","algorithm":"ES256",)"
                           R"("state":"active"}]})",
                           R"({"keys":[{"kid":"k","algorithm":"ES999","state":"active"}]})",
                           R"({"keys":[{"kid":"k","algorithm":"ES256","state":"current"}]})"}) {
    std::ofstream(dir.file("manifest.json"), std::ios::trunc) << text;
    std::ofstream(dir.file("k.pem")) << "PEM";
    auto keys = open_directory_key_store(dir.path()).value()->load();
    ASSERT_FALSE(keys.has_value()) << text;
    EXPECT_NE(keys.error().message.find("manifest.json"), std::string::npos)
        << keys.error().message;
  }
  EXPECT_FALSE(open_directory_key_store(dir.file("missing")).has_value());
}

TEST(SqliteKeyStore, ATableOfThatNameMadeBySomeoneElseIsRefused) {
  testing::TempDir dir;
  SqliteStoreOptions options;
  options.path = dir.file("db.sqlite3");
  options.create_if_missing = true;
  ASSERT_TRUE(SqliteUserStore::open(options));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(options.path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE restjwt_keys (id INTEGER)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  EXPECT_FALSE(open_sqlite_key_store(options.path, std::chrono::seconds(1)).has_value());
}

}  // namespace
}  // namespace restjwt
