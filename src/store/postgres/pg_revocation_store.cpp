// PostgresRevocationStore: the denylist and the cut-offs in restjwt_revoked_tokens and
// restjwt_user_cutoffs, shared by every node. Each write is one INSERT … ON CONFLICT, so
// concurrent nodes never lose a revocation; every call is bounded by the statement timeout.
#include <array>
#include <cstdlib>

#include "restjwt/postgres_revocation_store.hpp"
#include "store/common/revocation_tables.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_own_table.hpp"
#include "store/postgres/pg_pool.hpp"

namespace restjwt {
namespace {

using detail::pg::affected_rows;
using detail::pg::Connection;
using detail::pg::Params;
using detail::pg::Pool;
using detail::pg::Result;

// One simple query (several statements): sent without parameters, as connect_with_table does.
constexpr const char* kCreateTables =
    "CREATE TABLE IF NOT EXISTS restjwt_revoked_tokens ("
    " jti text NOT NULL PRIMARY KEY,"
    " expires_at bigint NOT NULL,"
    " revoked_at bigint NOT NULL);"
    "CREATE INDEX IF NOT EXISTS restjwt_revoked_tokens_expires_at"
    " ON restjwt_revoked_tokens (expires_at);"
    "CREATE INDEX IF NOT EXISTS restjwt_revoked_tokens_revoked_at"
    " ON restjwt_revoked_tokens (revoked_at);"
    "CREATE TABLE IF NOT EXISTS restjwt_user_cutoffs ("
    " user_id text NOT NULL PRIMARY KEY,"
    " not_before bigint NOT NULL);"
    "CREATE INDEX IF NOT EXISTS restjwt_user_cutoffs_not_before"
    " ON restjwt_user_cutoffs (not_before)";

using Statement = detail::RevocationStatement;
using enum detail::RevocationStatement;
constexpr std::size_t kCount = detail::kRevocationStatementCount;

const std::string& sql(Statement which) {
  static const std::array<std::string, kCount> statements{
      "INSERT INTO restjwt_revoked_tokens AS t (jti, expires_at, revoked_at) VALUES ($1, $2, $3)"
      " ON CONFLICT (jti) DO UPDATE SET"
      " expires_at = GREATEST(t.expires_at, excluded.expires_at),"
      " revoked_at = excluded.revoked_at",
      "SELECT 1 FROM restjwt_revoked_tokens WHERE jti = $1",
      "INSERT INTO restjwt_user_cutoffs AS c (user_id, not_before) VALUES ($1, $2)"
      " ON CONFLICT (user_id) DO UPDATE SET"
      " not_before = GREATEST(c.not_before, excluded.not_before)",
      "SELECT not_before FROM restjwt_user_cutoffs WHERE user_id = $1",
      "SELECT jti, expires_at, revoked_at FROM restjwt_revoked_tokens"
      " WHERE revoked_at >= $1 AND expires_at > $2",
      "SELECT user_id, not_before FROM restjwt_user_cutoffs WHERE not_before >= $1",
      "DELETE FROM restjwt_revoked_tokens WHERE expires_at <= $1",
      "DELETE FROM restjwt_user_cutoffs WHERE not_before < $1",
  };
  return statements[which];
}

constexpr std::size_t kPoolCapacity = 2;

std::int64_t number_at(const Result& result, int row, int column) {
  return std::strtoll(PQgetvalue(result.get(), row, column), nullptr, 10);
}

class PostgresRevocationStore final : public RevocationStore {
 public:
  PostgresRevocationStore(Pool::Factory factory, std::chrono::milliseconds acquire_timeout)
      : pool_(std::move(factory), kPoolCapacity, acquire_timeout) {}

  void add(std::unique_ptr<Connection> connection) { pool_.add(std::move(connection)); }

  StoreResult<void> revoke(const std::string& jti, std::int64_t expires_at,
                           std::int64_t now) override {
    auto result =
        run(kRevoke, {jti, std::to_string(expires_at), std::to_string(now)}, "revoke a token");
    if (!result) return unexpected(result.error());
    return {};
  }

  StoreResult<bool> is_revoked(const std::string& jti) override {
    auto result = run(kIsRevoked, {jti}, "look up a revoked token");
    if (!result) return unexpected(result.error());
    return PQntuples(result->get()) > 0;
  }

  StoreResult<void> set_cutoff(const std::string& user_id, std::int64_t not_before) override {
    auto result = run(kSetCutoff, {user_id, std::to_string(not_before)}, "set a user's cut-off");
    if (!result) return unexpected(result.error());
    return {};
  }

  StoreResult<std::int64_t> cutoff(const std::string& user_id) override {
    auto result = run(kCutoff, {user_id}, "read a user's cut-off");
    if (!result) return unexpected(result.error());
    return PQntuples(result->get()) == 0 ? 0 : number_at(*result, 0, 0);
  }

  StoreResult<RevocationChanges> changes_since(std::int64_t since, std::int64_t now) override {
    RevocationChanges changes;
    auto tokens =
        run(kTokenIdChanges, {std::to_string(since), std::to_string(now)}, "read revoked tokens");
    if (!tokens) return unexpected(tokens.error());
    for (int row = 0; row < PQntuples(tokens->get()); ++row) {
      changes.token_ids.push_back(RevokedTokenId{PQgetvalue(tokens->get(), row, 0),
                                                 number_at(*tokens, row, 1),
                                                 number_at(*tokens, row, 2)});
    }
    auto cutoffs = run(kCutoffChanges, {std::to_string(since)}, "read user cut-offs");
    if (!cutoffs) return unexpected(cutoffs.error());
    for (int row = 0; row < PQntuples(cutoffs->get()); ++row) {
      changes.cutoffs.push_back(
          UserCutoff{PQgetvalue(cutoffs->get(), row, 0), number_at(*cutoffs, row, 1)});
    }
    return changes;
  }

  StoreResult<std::uint64_t> purge_expired(std::int64_t now, std::int64_t cutoffs_before) override {
    auto tokens = run(kPurgeTokenIds, {std::to_string(now)}, "purge expired revocations");
    if (!tokens) return unexpected(tokens.error());
    auto cutoffs = run(kPurgeCutoffs, {std::to_string(cutoffs_before)}, "purge old cut-offs");
    if (!cutoffs) return unexpected(cutoffs.error());
    return affected_rows(*tokens) + affected_rows(*cutoffs);
  }

 private:
  StoreResult<Result> run(Statement which, const Params& params, std::string_view what) {
    return pool_.run_prepared(which, sql(which), params, what);
  }

  Pool pool_;
};

}  // namespace

StoreResult<std::unique_ptr<RevocationStore>> open_postgres_revocation_store(
    const PostgresStoreOptions& options) {
  const detail::pg::ConnectionSettings settings{.url = options.url,
                                                .connect_timeout = options.connect_timeout,
                                                .statement_timeout = options.statement_timeout};
  const std::string check =
      std::string(detail::kCheckRevokedTokensTable) + ";" + detail::kCheckUserCutoffsTable;
  // Nodes starting together may race on the five statements: the loser of a race on one of the
  // first four finds the last table missing and tries once more, after the winner is done.
  auto connection = detail::pg::connect_with_table(settings, "restjwt_user_cutoffs", kCreateTables,
                                                   check, "the revocation tables");
  if (!connection && connection.error().kind != StoreError::Kind::kUnavailable) {
    connection = detail::pg::connect_with_table(settings, "restjwt_user_cutoffs", kCreateTables,
                                                check, "the revocation tables");
  }
  if (!connection) return unexpected(connection.error());
  const auto acquire_timeout =
      options.acquire_timeout.count() > 0 ? options.acquire_timeout : options.statement_timeout;
  auto store = std::make_unique<PostgresRevocationStore>(
      [settings] { return Connection::connect(settings); }, acquire_timeout);
  store->add(std::move(*connection));
  return std::unique_ptr<RevocationStore>(std::move(store));
}

}  // namespace restjwt
