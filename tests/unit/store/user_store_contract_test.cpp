// The UserStore contract (support/user_store_contract*.hpp) for SqliteUserStore: each test's
// database is a file in its own temporary directory.
#include <filesystem>

#include "restjwt/sqlite_user_store.hpp"
#include "sqlite_store_support.hpp"
#include "store_test_support.hpp"
#include "support/user_store_contract_django.hpp"
#include "support/user_store_contract_logins.hpp"
#include "support/user_store_contract_tables.hpp"

namespace restjwt {
namespace {

using testing::StoreSetup;
using testing::TestDatabase;
using testing::UserStoreContract;

// The tables Django's migrate makes for `auth` and `contenttypes`, which restjwt creates too.
constexpr const char* kDjangoTables =
    "'django_migrations', 'django_content_type', 'auth_permission', 'auth_group', "
    "'auth_group_permissions', 'auth_user', 'auth_user_groups', 'auth_user_user_permissions'";

class SqliteDatabase final : public TestDatabase {
 public:
  std::unique_ptr<UserStore> open(const StoreSetup& setup) override {
    SqliteStoreOptions options;
    options.path = path_;
    return testing::open_sqlite_store(testing::with_setup(std::move(options), setup));
  }
  void exec(const std::string& sql) override { testing::exec_sql(path_, sql); }
  std::string query(const std::string& sql) override { return testing::query_text(path_, sql); }
  std::unique_ptr<TestDatabase> copy() override {
    auto copy = std::make_unique<SqliteDatabase>();
    std::filesystem::copy_file(path_, copy->path_);
    return copy;
  }
  std::string django_environment() const override { return "DB_PATH='" + path_ + "'"; }
  // Byte for byte the DDL text sqlite_master holds, by name.
  std::string django_schema() override {
    return testing::query_text(
        path_, std::string("SELECT group_concat(type || ' ' || name || ': ' || ifnull(sql, ''), "
                           "char(10)) FROM (SELECT * FROM sqlite_master WHERE tbl_name IN (") +
                   kDjangoTables + ") ORDER BY name)");
  }

 private:
  testing::TempDir dir_;
  std::string path_ = dir_.file("db.sqlite3");
};

// SQLite files: its column types, its words for a NOT NULL column left empty, Django on a file.
testing::StoreKind sqlite_kind() {
  return {"Sqlite",
          [] { return std::make_unique<SqliteDatabase>(); },
          testing::kSqliteColumns,
          "NOT NULL constraint failed: shop_customer.phone",
          "store/django/django_peer.py",
          "CREATE TABLE \"auth_user\""};
}

INSTANTIATE_TEST_SUITE_P(Stores, UserStoreContract, ::testing::Values(sqlite_kind()),
                         testing::kind_name);

}  // namespace
}  // namespace restjwt
