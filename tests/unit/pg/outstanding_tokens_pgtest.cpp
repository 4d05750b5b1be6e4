// The OutstandingTokenStore contract (support/outstanding_tokens_contract.hpp) for simplejwt's
// token_blacklist tables in a PostgreSQL database shared by several nodes.
#include "pg_test_support.hpp"
#include "restjwt/postgres_outstanding_tokens.hpp"
#include "restjwt/postgres_user_store.hpp"
#include "support/outstanding_tokens_contract.hpp"

namespace restjwt {
namespace {

using testing::OutstandingTokensContract;
using testing::OutstandingTokensFactory;
using testing::OutstandingTokensKind;

// A fresh database with Django's auth schema and user 1.
std::string database_with_a_user() {
  const std::string url = testing::fresh_database();
  PostgresStoreOptions options = testing::store_options(url, std::chrono::seconds(5));
  options.create_if_missing = true;
  auto store = PostgresUserStore::open(options).value();
  NewUser user;
  user.username = "alice";
  user.password = "!";
  EXPECT_TRUE(store->create(user).has_value());
  return url;
}

OutstandingTokensFactory postgres_place() {
  const std::string url = database_with_a_user();
  return [url]() -> std::unique_ptr<OutstandingTokenStore> {
    auto store =
        open_postgres_outstanding_tokens(testing::store_options(url, std::chrono::seconds(5)));
    EXPECT_TRUE(store) << (store ? "" : store.error().message);
    return store ? std::move(*store) : nullptr;
  };
}

INSTANTIATE_TEST_SUITE_P(OutstandingTokenStores, OutstandingTokensContract,
                         ::testing::Values(OutstandingTokensKind{"Postgres", postgres_place}),
                         testing::outstanding_tokens_name);

}  // namespace
}  // namespace restjwt
