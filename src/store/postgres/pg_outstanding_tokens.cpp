// PostgresOutstandingTokens: simplejwt's token_blacklist tables and restjwt_refresh_family in the
// shared PostgreSQL database. Writes are single statements (CTEs) or one short transaction; the
// unique indexes on jti and token_id decide every race (a concurrent rotation of the same token
// waits on the other's row, then finds it there and writes nothing).
#include <array>
#include <cstdlib>

#include "restjwt/postgres_outstanding_tokens.hpp"
#include "store/common/token_blacklist_schema.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_pool.hpp"

namespace restjwt {
namespace {

using detail::pg::Connection;
using detail::pg::Params;
using detail::pg::Pool;
using detail::pg::Result;

enum Statement : std::uint8_t {
  kRecord,
  kStanding,
  kBlacklist,
  kMarkRotated,
  kRevokeFamily,
  kStatementCount,
};

// The outstanding row from $1 token, $2 created_at (epoch, "" for NULL), $3 expires_at (epoch),
// $4 user_id ("" for NULL), $5 jti; `user_type` is the user table's key type.
std::string insert_outstanding(const std::string& user_type) {
  return "INSERT INTO token_blacklist_outstandingtoken (token, created_at, expires_at, user_id, "
         "jti) VALUES ($1, to_timestamp(NULLIF($2, '')::double precision), "
         "to_timestamp($3::double precision), CAST(NULLIF($4, '') AS " +
         user_type + "), $5) ON CONFLICT (jti) DO NOTHING";
}

std::array<std::string, kStatementCount> statements(const std::string& user_type) {
  const std::string outstanding = insert_outstanding(user_type);
  return {
      // $6: the family.
      "WITH o AS (" + outstanding +
          ") INSERT INTO restjwt_refresh_family (jti, family) VALUES ($5, $6)"
          " ON CONFLICT (jti) DO NOTHING",
      "SELECT EXISTS (SELECT 1 FROM token_blacklist_blacklistedtoken b"
      "  JOIN token_blacklist_outstandingtoken o ON o.id = b.token_id WHERE o.jti = $1),"
      " (SELECT family FROM restjwt_refresh_family WHERE jti = $1),"
      " (SELECT rotated_at FROM restjwt_refresh_family WHERE jti = $1)",
      // $6: blacklisted_at (epoch). The row this statement inserted, else the one already there.
      "WITH o AS (" + outstanding +
          " RETURNING id), t AS (SELECT id FROM o UNION ALL"
          " SELECT id FROM token_blacklist_outstandingtoken WHERE jti = $5)"
          " INSERT INTO token_blacklist_blacklistedtoken (blacklisted_at, token_id)"
          " SELECT to_timestamp($6::double precision), id FROM t LIMIT 1"
          " ON CONFLICT (token_id) DO NOTHING",
      "INSERT INTO restjwt_refresh_family (jti, family, rotated_at) VALUES ($1, $3, $2::bigint)"
      " ON CONFLICT (jti) DO UPDATE SET rotated_at = excluded.rotated_at",
      "INSERT INTO token_blacklist_blacklistedtoken (blacklisted_at, token_id)"
      " SELECT to_timestamp($2::double precision), o.id FROM restjwt_refresh_family f"
      "  JOIN token_blacklist_outstandingtoken o ON o.jti = f.jti WHERE f.family = $1"
      " ON CONFLICT (token_id) DO NOTHING",
  };
}

Params outstanding_params(const OutstandingToken& token) {
  return {token.token, token.created_at ? std::to_string(*token.created_at) : std::string(),
          std::to_string(token.expires_at),
          token.user_id ? to_string(*token.user_id) : std::string(), token.jti};
}

class PostgresOutstandingTokens final : public OutstandingTokenStore {
 public:
  PostgresOutstandingTokens(Pool::Factory factory, std::size_t capacity,
                            std::chrono::milliseconds acquire_timeout, const std::string& user_type)
      : pool_(std::move(factory), capacity, acquire_timeout), sql_(statements(user_type)) {}

  void add(std::unique_ptr<Connection> connection) { pool_.add(std::move(connection)); }

  StoreResult<void> record(const OutstandingToken& token, std::string_view family) override {
    Params params = outstanding_params(token);
    params.emplace_back(family);
    auto done = run(kRecord, params, "record a refresh token");
    if (!done) return unexpected(done.error());
    return {};
  }

  StoreResult<TokenStanding> standing(std::string_view jti) override {
    auto lease = pool_.acquire();
    if (!lease) return unexpected(lease.error());
    auto result = (*lease)->run_prepared(kStanding, sql_[kStanding], {std::string(jti)},
                                         "read a token's standing");
    if (!result) return unexpected(result.error());
    const PGresult* r = result->get();
    TokenStanding standing;
    standing.blacklisted = PQgetvalue(r, 0, 0)[0] == 't';
    standing.family = PQgetisnull(r, 0, 1) ? std::string(jti) : PQgetvalue(r, 0, 1);
    if (!PQgetisnull(r, 0, 2)) standing.rotated_at = std::strtoll(PQgetvalue(r, 0, 2), nullptr, 10);
    return standing;
  }

  StoreResult<bool> blacklist(const OutstandingToken& token, std::int64_t now) override {
    Params params = outstanding_params(token);
    params.push_back(std::to_string(now));
    auto changed = run(kBlacklist, params, "blacklist a token");
    if (!changed) return unexpected(changed.error());
    return *changed > 0;
  }

  StoreResult<bool> rotate(const OutstandingToken& old, const OutstandingToken& next,
                           std::string_view family, std::int64_t now) override {
    auto lease = pool_.acquire();
    if (!lease) return unexpected(lease.error());
    Connection& connection = **lease;
    constexpr std::string_view what = "rotate a refresh token";
    if (auto begun = connection.run("BEGIN", {}, what); !begun) return unexpected(begun.error());
    auto rotated = [&]() -> StoreResult<bool> {
      Params blacklist = outstanding_params(old);
      blacklist.push_back(std::to_string(now));
      auto changed = connection.run_prepared(kBlacklist, sql_[kBlacklist], blacklist, what);
      if (!changed) return unexpected(changed.error());
      if (affected_rows(*changed) == 0) return false;  // another request blacklisted it first
      const std::string family_text(family);
      auto marked = connection.run_prepared(kMarkRotated, sql_[kMarkRotated],
                                            {old.jti, std::to_string(now), family_text}, what);
      if (!marked) return unexpected(marked.error());
      Params record = outstanding_params(next);
      record.push_back(family_text);
      auto recorded = connection.run_prepared(kRecord, sql_[kRecord], record, what);
      if (!recorded) return unexpected(recorded.error());
      return true;
    }();
    const bool commit = rotated && *rotated;
    auto ended = connection.run(commit ? "COMMIT" : "ROLLBACK", {}, what);
    if (!rotated) return rotated;
    if (!ended) return unexpected(ended.error());
    return rotated;
  }

  StoreResult<std::size_t> revoke_family(std::string_view family, std::int64_t now) override {
    auto changed =
        run(kRevokeFamily, {std::string(family), std::to_string(now)}, "revoke a token family");
    if (!changed) return unexpected(changed.error());
    return static_cast<std::size_t>(*changed);
  }

 private:
  StoreResult<std::uint64_t> run(Statement which, const Params& params, std::string_view what) {
    auto lease = pool_.acquire();
    if (!lease) return unexpected(lease.error());
    auto result = (*lease)->run_prepared(which, sql_[which], params, what);
    if (!result) return unexpected(result.error());
    return affected_rows(*result);
  }

  Pool pool_;
  std::array<std::string, kStatementCount> sql_;
};

// The tables, when missing, under a transaction-scoped advisory lock so that two nodes starting
// at once create them once.
StoreResult<void> create_tables(Connection& connection, const UserTableSchema& schema,
                                const std::string& user_type) {
  constexpr std::string_view what = "create simplejwt's token_blacklist tables";
  if (auto begun = connection.run("BEGIN", {}, what); !begun) return unexpected(begun.error());
  auto created = [&]() -> StoreResult<void> {
    if (auto locked = connection.run("SELECT pg_advisory_xact_lock(7351620915)", {}, what);
        !locked) {
      return unexpected(locked.error());
    }
    auto present = connection.run(
        "SELECT to_regclass('token_blacklist_outstandingtoken') IS NOT NULL,"
        " to_regclass('django_migrations') IS NOT NULL",
        {}, what);
    if (!present) return unexpected(present.error());
    const bool tables = PQgetvalue(present->get(), 0, 0)[0] == 't';
    const bool django = PQgetvalue(present->get(), 0, 1)[0] == 't';
    if (!tables) {
      for (const std::string& ddl : detail::token_blacklist_ddl_postgres(schema.table, user_type)) {
        if (auto done = connection.run(ddl, {}, what); !done) return unexpected(done.error());
      }
      if (django) {
        std::string insert = "INSERT INTO django_migrations (app, name, applied) VALUES ";
        bool first = true;
        for (const std::string_view name : detail::token_blacklist_migrations()) {
          insert +=
              (first ? "" : ", ") + ("('token_blacklist', '" + std::string(name)) + "', now())";
          first = false;
        }
        if (auto done = connection.run(insert, {}, what); !done) return unexpected(done.error());
      }
    }
    if (auto done = connection.run(detail::kRefreshFamilyDdlPostgres, {}, what); !done) {
      return unexpected(done.error());
    }
    return {};
  }();
  auto ended = connection.run(created ? "COMMIT" : "ROLLBACK", {}, what);
  if (!created) return created;
  if (!ended) return unexpected(ended.error());
  return {};
}

}  // namespace

StoreResult<std::unique_ptr<OutstandingTokenStore>> open_postgres_outstanding_tokens(
    const PostgresStoreOptions& options) {
  const detail::pg::ConnectionSettings settings{.url = options.url,
                                                .connect_timeout = options.connect_timeout,
                                                .statement_timeout = options.statement_timeout};
  auto connection = Connection::connect(settings);
  if (!connection) return unexpected(connection.error());
  const std::string user_type =
      options.schema.id_type == UserTableSchema::IdType::kUuid ? "uuid" : "integer";
  if (auto created = create_tables(**connection, options.schema, user_type); !created) {
    return unexpected(created.error());
  }
  const auto acquire_timeout =
      options.acquire_timeout.count() > 0 ? options.acquire_timeout : options.statement_timeout;
  auto store = std::make_unique<PostgresOutstandingTokens>(
      [settings] { return Connection::connect(settings); },
      std::max<std::size_t>(1, options.pool_size), acquire_timeout, user_type);
  store->add(std::move(*connection));
  return std::unique_ptr<OutstandingTokenStore>(std::move(store));
}

}  // namespace restjwt
