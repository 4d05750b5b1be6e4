// The UserStore contract (support/user_store_contract*.hpp) for PostgresUserStore: each test's
// database is a new one in the throwaway cluster (pg_test_support.hpp).
#include "pg_test_support.hpp"
#include "restjwt/postgres_user_store.hpp"
#include "support/user_store_contract_django.hpp"
#include "support/user_store_contract_logins.hpp"
#include "support/user_store_contract_tables.hpp"

namespace restjwt {
namespace {

using testing::StoreSetup;
using testing::TestDatabase;
using testing::UserStoreContract;

class PostgresDatabase final : public TestDatabase {
 public:
  explicit PostgresDatabase(std::string url) : url_(std::move(url)) {}

  std::unique_ptr<UserStore> open(const StoreSetup& setup) override {
    PostgresStoreOptions options;
    options.url = url_;
    auto opened = PostgresUserStore::open(testing::with_setup(std::move(options), setup));
    EXPECT_TRUE(opened) << opened.error().message;
    return opened ? std::move(*opened) : nullptr;
  }
  void exec(const std::string& sql) override { testing::pg_exec(url_, sql); }
  std::string query(const std::string& sql) override { return testing::pg_query(url_, sql); }
  // CREATE DATABASE … TEMPLATE: far faster than migrating again.
  std::unique_ptr<TestDatabase> copy() override {
    return std::make_unique<PostgresDatabase>(testing::fresh_database(url_));
  }
  std::string django_environment() const override { return "PG_URL='" + url_ + "'"; }
  // The catalog of the Django tables: columns, constraints and indexes, one sorted line each.
  std::string django_schema() override {
    return testing::pg_query(
        url_,
        "SELECT string_agg(line, E'\\n' ORDER BY line) FROM ("
        " SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || "
        "' ' || coalesce(character_maximum_length::text, '') || ' ' || "
        "coalesce(column_default, '') AS line"
        " FROM information_schema.columns WHERE table_schema = 'public' AND (table_name LIKE "
        "'auth_%' OR table_name IN ('django_migrations', 'django_content_type'))"
        " UNION ALL SELECT conrelid::regclass::text || ' ' || conname || ' ' || "
        "pg_get_constraintdef(oid)"
        " FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
        "  AND conrelid::regclass::text NOT LIKE 'django_admin%'"
        "  AND conrelid::regclass::text NOT LIKE 'django_session%'"
        " UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'"
        "  AND tablename NOT LIKE 'django_admin%' AND tablename NOT LIKE 'django_session%') t");
  }

 private:
  std::string url_;
};

// PostgreSQL databases: its column types, its words for a NOT NULL column left empty, Django on
// a database of the cluster.
testing::StoreKind postgres_kind() {
  return {"Postgres",
          [] { return std::make_unique<PostgresDatabase>(testing::fresh_database()); },
          testing::kPostgresColumns,
          "null value in column \"phone\" of relation \"shop_customer\" violates not-null "
          "constraint",
          "pg/django/django_pg_peer.py",
          "auth_user.username character varying NO 150"};
}

INSTANTIATE_TEST_SUITE_P(Stores, UserStoreContract, ::testing::Values(postgres_kind()),
                         testing::kind_name);

}  // namespace
}  // namespace restjwt
