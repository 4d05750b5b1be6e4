// PostgresKeyStore: the key ring in the restjwt_keys table, shared by every node.
#include <array>
#include <cstdlib>

#include "restjwt/postgres_key_store.hpp"
#include "store/common/key_table.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_own_table.hpp"
#include "store/postgres/pg_pool.hpp"

namespace restjwt {
namespace {

using detail::KeyStatement;
using detail::pg::Connection;
using detail::pg::Params;
using detail::pg::Pool;
using detail::pg::Result;
using enum detail::KeyStatement;

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS restjwt_keys ("
    " kid text NOT NULL PRIMARY KEY,"
    " algorithm text NOT NULL,"
    " state text NOT NULL CHECK (state IN ('next', 'active', 'retired')),"
    " created_at bigint NOT NULL,"
    " activated_at bigint NOT NULL DEFAULT 0,"
    " retired_at bigint NOT NULL DEFAULT 0,"
    " public_key text NOT NULL DEFAULT '',"
    " secret text NOT NULL);"
    "CREATE UNIQUE INDEX IF NOT EXISTS restjwt_keys_one_active ON restjwt_keys (state)"
    " WHERE state = 'active';"
    "CREATE UNIQUE INDEX IF NOT EXISTS restjwt_keys_one_next ON restjwt_keys (state)"
    " WHERE state = 'next'";

const std::string& sql(KeyStatement which) {
  static const std::array<std::string, detail::kKeyStatementCount> statements{
      "SELECT kid, algorithm, state, created_at, activated_at, retired_at, public_key, secret"
      " FROM restjwt_keys",
      "INSERT INTO restjwt_keys"
      " (kid, algorithm, state, created_at, activated_at, retired_at, public_key, secret)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
      "SELECT kid FROM restjwt_keys WHERE state = 'active'",
      "UPDATE restjwt_keys SET state = 'retired', retired_at = $2"
      " WHERE kid = $1 AND state = 'active'",
      "UPDATE restjwt_keys SET state = 'active', activated_at = $2, retired_at = 0"
      " WHERE kid = $1 AND state IN ('next', 'retired')",
      "UPDATE restjwt_keys SET state = 'retired', retired_at = $2"
      " WHERE kid = $1 AND state = 'next'",
      "DELETE FROM restjwt_keys WHERE kid = $1 AND state <> 'active'",
  };
  return statements[which];
}

constexpr std::size_t kPoolCapacity = 2;

class PostgresKeyStore final : public KeyStore {
 public:
  PostgresKeyStore(Pool::Factory factory, std::chrono::milliseconds acquire_timeout)
      : pool_(std::move(factory), kPoolCapacity, acquire_timeout) {}

  void add(std::unique_ptr<Connection> connection) { pool_.add(std::move(connection)); }

  StoreResult<std::vector<StoredKey>> load() override {
    auto lease = pool_.acquire();
    if (!lease) return unexpected(lease.error());
    auto result = (*lease)->run_prepared(kLoadKeys, sql(kLoadKeys), {}, "read the key ring");
    if (!result) return unexpected(result.error());
    std::vector<StoredKey> keys;
    for (int row = 0; row < PQntuples(result->get()); ++row) {
      std::array<std::string, 8> columns;
      for (int i = 0; i < 8; ++i) {
        columns[static_cast<std::size_t>(i)] = PQgetvalue(result->get(), row, i);
      }
      auto key = detail::stored_key_from_columns(columns);
      if (!key) return unexpected(key.error());
      keys.push_back(std::move(*key));
    }
    return keys;
  }

  StoreResult<bool> insert(const StoredKey& key) override {
    const auto columns = detail::columns_of(key);
    auto lease = pool_.acquire();
    if (!lease) return unexpected(lease.error());
    auto result = (*lease)->run_prepared(kInsertKey, sql(kInsertKey),
                                         Params(columns.begin(), columns.end()), "add a key");
    if (!result) return unexpected(result.error());
    return affected_rows(*result) == 1;
  }

  StoreResult<bool> activate(const std::string& kid, const std::string& replaces,
                             std::int64_t now) override {
    auto lease = pool_.acquire();
    if (!lease) return unexpected(lease.error());
    Connection& connection = **lease;
    // The lock serializes activations between nodes (SHARE ROW EXCLUSIVE conflicts with itself,
    // not with readers), and each statement after it sees what the previous holder committed.
    if (auto begun = connection.run("BEGIN; LOCK TABLE restjwt_keys IN SHARE ROW EXCLUSIVE MODE",
                                    {}, "activate a key");
        !begun) {
      return unexpected(begun.error());
    }
    auto switched = detail::activate_in_transaction(
        kid, replaces,
        [&]() -> StoreResult<std::string> {
          auto result =
              connection.run_prepared(kActiveKid, sql(kActiveKid), {}, "read the active key");
          if (!result) return unexpected(result.error());
          return PQntuples(result->get()) == 0 ? std::string()
                                               : std::string(PQgetvalue(result->get(), 0, 0));
        },
        [&](KeyStatement which, const std::string& k) -> StoreResult<std::uint64_t> {
          auto result = connection.run_prepared(which, sql(which), {k, std::to_string(now)},
                                                "change the key ring");
          if (!result) return unexpected(result.error());
          return affected_rows(*result);
        });
    const bool commit = switched && *switched;
    if (auto ended = connection.run(commit ? "COMMIT" : "ROLLBACK", {}, "activate a key");
        !ended && switched) {
      return unexpected(ended.error());
    }
    return switched;
  }

  StoreResult<bool> retire(const std::string& kid, std::int64_t now) override {
    return changed_one(kRetireNext, {kid, std::to_string(now)});
  }

  StoreResult<bool> remove(const std::string& kid) override {
    return changed_one(kRemoveKey, {kid});
  }

 private:
  StoreResult<bool> changed_one(KeyStatement which, const Params& params) {
    auto lease = pool_.acquire();
    if (!lease) return unexpected(lease.error());
    auto result = (*lease)->run_prepared(which, sql(which), params, "change the key ring");
    if (!result) return unexpected(result.error());
    return affected_rows(*result) == 1;
  }

  Pool pool_;
};

}  // namespace

StoreResult<std::unique_ptr<KeyStore>> open_postgres_key_store(
    const PostgresStoreOptions& options) {
  const detail::pg::ConnectionSettings settings{.url = options.url,
                                                .connect_timeout = options.connect_timeout,
                                                .statement_timeout = options.statement_timeout};
  auto connection = detail::pg::connect_with_table(settings, "restjwt_keys", kCreateTable,
                                                   detail::kCheckKeyTable, "the key ring");
  if (!connection) return unexpected(connection.error());
  const auto acquire_timeout =
      options.acquire_timeout.count() > 0 ? options.acquire_timeout : options.statement_timeout;
  auto store = std::make_unique<PostgresKeyStore>(
      [settings] { return Connection::connect(settings); }, acquire_timeout);
  store->add(std::move(*connection));
  return std::unique_ptr<KeyStore>(std::move(store));
}

}  // namespace restjwt
