// What only PostgresUserStore does: values stored as Django's PostgreSQL backend stores them,
// and opening over a connection (the UserStore contract itself: user_store_contract_pgtest.cpp).
#include <chrono>

#include <gtest/gtest.h>

#include "pg_test_support.hpp"
#include "restjwt/postgres_user_store.hpp"
#include "unit/store/store_test_support.hpp"

namespace restjwt {
namespace {

using testing::pg_exec;
using testing::pg_query;

TEST(PostgresUserStore, BooleansTimestampsAndMigrationsAreDjangosTypes) {
  const std::string url = testing::fresh_database();
  PostgresStoreOptions options;
  options.url = url;
  options.create_if_missing = true;
  options.now = [] {
    return std::chrono::system_clock::time_point(std::chrono::microseconds(1714564800123456));
  };
  auto store = PostgresUserStore::open(options);
  ASSERT_TRUE(store) << store.error().message;
  NewUser input = testing::new_user("alice", "pbkdf2_sha256$x", "alice@example.com");
  input.is_superuser = true;
  input.is_staff = true;
  ASSERT_TRUE((*store)->create(input));
  EXPECT_EQ(pg_query(url,
                     "SELECT (last_login IS NULL)::text || is_superuser::text || "
                     "is_staff::text || is_active::text || date_joined::text FROM auth_user"),
            "truetruetruetrue2024-05-01 12:00:00.123456+00");
  EXPECT_EQ(pg_query(url, "SELECT applied::text FROM django_migrations LIMIT 1"),
            "2024-05-01 12:00:00.123456+00");
}

TEST(PostgresOpen, RefusesAMissingTableWithoutCreating) {
  const std::string url = testing::fresh_database();
  PostgresStoreOptions options;
  options.url = url;
  const auto opened = PostgresUserStore::open(options);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().kind, StoreError::Kind::kInvalid);
  EXPECT_NE(opened.error().message.find("no table \"auth_user\""), std::string::npos)
      << opened.error().message;
  EXPECT_EQ(pg_query(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
}

TEST(PostgresOpen, NamesAMissingColumnAndAWrongKeyType) {
  const std::string url = testing::fresh_database();
  pg_exec(url,
          "CREATE TABLE auth_user (id serial PRIMARY KEY, password varchar(128), "
          "username varchar(150))");
  PostgresStoreOptions options;
  options.url = url;
  auto opened = PostgresUserStore::open(options);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().message,
            "cannot open the PostgreSQL user store: table \"auth_user\" has no column \"email\" "
            "(the email field)");
  options.schema.email_field = "";
  options.schema.id_type = UserTableSchema::IdType::kUuid;
  opened = PostgresUserStore::open(options);
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("primary key \"id\" is integer, but the id type is "
                                        "configured as uuid"),
            std::string::npos)
      << opened.error().message;
}

TEST(PostgresOpen, UnreachableServerIsUnavailableWithinTheConnectTimeout) {
  PostgresStoreOptions options;
  options.url = "postgresql://restjwt@127.0.0.1:1/restjwt";
  options.connect_timeout = std::chrono::milliseconds(500);
  const auto opened = PostgresUserStore::open(options);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().kind, StoreError::Kind::kUnavailable);
  options.url = "postgresql://host:notaport/db";  // libpq rejects it before connecting
  const auto bad = PostgresUserStore::open(options);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, StoreError::Kind::kInvalid) << bad.error().message;
}

}  // namespace
}  // namespace restjwt
