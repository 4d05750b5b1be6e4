// The KeyStore contract (support/key_store_contract.hpp) for the key ring shared by several nodes
// through PostgreSQL.
#include "pg_test_support.hpp"
#include "restjwt/postgres_key_store.hpp"
#include "support/key_store_contract.hpp"

namespace restjwt {
namespace {

using testing::KeyStoreContract;
using testing::KeyStoreFactory;
using testing::KeyStoreKind;

KeyStoreFactory postgres_place() {
  const std::string url = testing::fresh_database();  // no user table: the ring needs none
  return [url]() -> std::unique_ptr<KeyStore> {
    PostgresStoreOptions options;
    options.url = url;
    options.connect_timeout = std::chrono::seconds(2);
    options.statement_timeout = std::chrono::seconds(5);
    auto store = open_postgres_key_store(options);
    EXPECT_TRUE(store) << (store ? "" : store.error().message);
    return store ? std::move(*store) : nullptr;
  };
}

INSTANTIATE_TEST_SUITE_P(KeyStores, KeyStoreContract,
                         ::testing::Values(KeyStoreKind{"Postgres", postgres_place}),
                         testing::key_store_name);

}  // namespace
}  // namespace restjwt
