// The RevocationStore contract (support/revocation_store_contract.hpp) for the tables shared by
// every node through PostgreSQL, and what happens at start-up.
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "pg_test_support.hpp"
#include "restjwt/postgres_revocation_store.hpp"
#include "support/revocation_store_contract.hpp"

namespace restjwt {
namespace {

using testing::RevocationStoreContract;
using testing::RevocationStoreFactory;
using testing::RevocationStoreKind;

RevocationStoreFactory postgres_place() {
  const std::string url = testing::fresh_database();  // no user table: revocations need none
  return [url]() -> std::unique_ptr<RevocationStore> {
    auto store = open_postgres_revocation_store(testing::store_options(url));
    EXPECT_TRUE(store) << (store ? "" : store.error().message);
    return store ? std::move(*store) : nullptr;
  };
}

INSTANTIATE_TEST_SUITE_P(Revocations, RevocationStoreContract,
                         ::testing::Values(RevocationStoreKind{"Postgres", true, postgres_place}),
                         testing::revocation_kind_name);

TEST(PostgresRevocationStore, TwoNodesStartingTogetherBothFindTheTables) {
  const std::string url = testing::fresh_database();
  EXPECT_EQ(testing::start_four_nodes_together([&](int node) -> std::string {
              auto store = open_postgres_revocation_store(testing::store_options(url));
              if (!store) return store.error().message;
              return (*store)->revoke("jti-" + std::to_string(node), 5000, 1000) ? ""
                                                                                 : "revoke failed";
            }),
            "");
  EXPECT_EQ(testing::pg_query(url, "SELECT count(*) FROM restjwt_revoked_tokens"), "4");
  // The expiry index the purge uses is there.
  EXPECT_EQ(testing::pg_query(url,
                              "SELECT count(*) FROM pg_indexes WHERE indexname = "
                              "'restjwt_revoked_tokens_expires_at'"),
            "1");
}

TEST(PostgresRevocationStore, AnUnreachableServerIsAClearErrorWithoutTheUrl) {
  auto options = testing::store_options("postgresql://restjwt:s3cret-password@127.0.0.1:1/none");
  const auto store = open_postgres_revocation_store(options);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().kind, StoreError::Kind::kUnavailable);
  EXPECT_NE(store.error().message.find("cannot open the revocation tables"), std::string::npos);
  EXPECT_EQ(store.error().message.find("s3cret-password"), std::string::npos);
}

}  // namespace
}  // namespace restjwt
