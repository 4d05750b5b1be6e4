#include "service/stores.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "restjwt/directory_key_store.hpp"
#include "restjwt/postgres_key_store.hpp"
#include "restjwt/postgres_outstanding_tokens.hpp"
#include "restjwt/postgres_revocation_store.hpp"
#include "restjwt/postgres_throttle_counters.hpp"
#include "restjwt/postgres_user_store.hpp"
#include "restjwt/sqlite_key_store.hpp"
#include "restjwt/sqlite_outstanding_tokens.hpp"
#include "restjwt/sqlite_revocation_store.hpp"
#include "restjwt/sqlite_throttle_counters.hpp"
#include "restjwt/sqlite_user_store.hpp"

namespace restjwt {

PostgresStoreOptions postgres_store_options(const DatabaseConfig& db,
                                            const UserTableSchema& schema) {
  PostgresStoreOptions options;
  options.url = db.parsed.location;
  if (!db.sslmode.empty()) {
    // libpq reads connection parameters from the URL's query; the config key wins over it.
    options.url += (options.url.find('?') == std::string::npos ? "?" : "&");
    options.url += "sslmode=" + db.sslmode;
  }
  options.schema = schema;
  options.pool_size = db.pool_size;
  options.connect_timeout = db.connect_timeout;
  options.statement_timeout = db.statement_timeout;
  return options;
}

Expected<std::unique_ptr<KeyStore>, StartError> open_key_store(const Config& config) {
  const DatabaseConfig& db = config.database;
  StoreResult<std::unique_ptr<KeyStore>> store = unexpected(
      StoreError{StoreError::Kind::kInvalid, "[keys] storage is not set: there is no key ring"});
  std::string where = "[keys] storage = \"database\": database " + redact_database_url(db.url);
  switch (config.keys.storage) {
    case KeysConfig::Storage::kConfig:
      break;
    case KeysConfig::Storage::kDirectory:
      store = open_directory_key_store(config.keys.directory);
      where = "[keys] directory";
      break;
    case KeysConfig::Storage::kDatabase:
      store = db.parsed.scheme == DatabaseUrl::Scheme::kPostgresql
                  ? open_postgres_key_store(postgres_store_options(db, config.users.schema))
                  : open_sqlite_key_store(db.parsed.location, db.statement_timeout);
      break;
  }
  if (!store) {
    const auto kind = store.error().kind == StoreError::Kind::kInvalid
                          ? StartError::Kind::kConfig
                          : StartError::Kind::kDatabase;
    return unexpected(StartError{kind, where + ": " + store.error().message});
  }
  return std::move(*store);
}

KeyRingOptions key_ring_options(const Config& config) {
  const Settings& jwt = config.jwt;
  KeyRingOptions options;
  options.algorithm = jwt.algorithm;
  // A conservative bound (docs/keys.md): the last token a key signed expires expiration_delta
  // after the key stopped signing, and with refresh on one of its tokens may still be presented
  // for refresh up to refresh_expiration_delta after it was first issued (always so with
  // JWT_VERIFY_EXPIRATION = false, where tokens do not expire by themselves).
  options.token_lifetime =
      jwt.expiration_delta + jwt.leeway +
      (jwt.allow_refresh ? jwt.refresh_expiration_delta : std::chrono::seconds(0));
  options.rotate_every = config.keys.rotate_every;
  options.publish_ahead = config.keys.publish_ahead;
  options.kek = config.keys.kek;
  return options;
}

namespace detail {
namespace {

// A table that does not fit the [users] settings is the configuration's fault; anything else is
// the database's.
StartError store_start_error(const std::string& where, const StoreError& error) {
  const auto kind = error.kind == StoreError::Kind::kInvalid ? StartError::Kind::kConfig
                                                             : StartError::Kind::kDatabase;
  return StartError{kind, where + ": " + error.message};
}

}  // namespace

Expected<std::unique_ptr<UserStore>, StartError> open_store(const Config& config,
                                                            bool create_if_missing, bool& created) {
  const DatabaseConfig& db = config.database;
  const std::string where = "database " + redact_database_url(db.url);
  created = false;
  if (db.parsed.scheme == DatabaseUrl::Scheme::kPostgresql) {
    // The server never creates tables in PostgreSQL (Django's migrate or `restjwt createuser`
    // do); a database without the user table fails here with a clear message.
    auto store = PostgresUserStore::open(postgres_store_options(db, config.users.schema));
    if (!store) return unexpected(store_start_error(where, store.error()));
    return std::unique_ptr<UserStore>(std::move(*store));
  }
  std::error_code ec;
  const bool existed = std::filesystem::exists(db.parsed.location, ec);
  if (!existed && !create_if_missing) {
    return unexpected(StartError{StartError::Kind::kDatabase,
                                 where + ": no such file (serve would create it with Django's "
                                         "auth schema)"});
  }
  SqliteStoreOptions options;
  options.path = db.parsed.location;
  options.schema = config.users.schema;
  // A fresh install starts with Django's schema; an existing file is never altered (the store
  // refuses to create into one).
  options.create_if_missing = create_if_missing;
  options.busy_timeout = db.statement_timeout;
  options.read_busy_timeout = db.read_timeout;
  auto store = SqliteUserStore::open(std::move(options));
  if (!store) return unexpected(store_start_error(where, store.error()));
  created = !existed;
  return std::unique_ptr<UserStore>(std::move(*store));
}

Expected<std::unique_ptr<ThrottleCounters>, StartError> open_throttle_counters(
    const Config& config) {
  if (config.throttle.storage == ThrottleConfig::Storage::kMemory) {
    return make_memory_throttle_counters();
  }
  const DatabaseConfig& db = config.database;
  // A counter that cannot be updated quickly lets the login through: short waits, not the
  // database's usual statement timeout.
  const auto timeout = config.throttle.timeout;
  auto postgres = postgres_store_options(db, config.users.schema);
  postgres.statement_timeout = timeout;
  postgres.connect_timeout =
      std::min(db.connect_timeout,
               std::max<std::chrono::milliseconds>(4 * timeout, std::chrono::seconds(1)));
  StoreResult<std::unique_ptr<ThrottleCounters>> counters =
      db.parsed.scheme == DatabaseUrl::Scheme::kPostgresql
          ? open_postgres_throttle_counters(postgres)
          : open_sqlite_throttle_counters(db.parsed.location, timeout);
  if (!counters) {
    return unexpected(store_start_error(
        "[throttle] storage = \"database\": database " + redact_database_url(db.url),
        counters.error()));
  }
  return std::move(*counters);
}

Expected<std::unique_ptr<RevocationStore>, StartError> open_revocation_store(const Config& config) {
  const DatabaseConfig& db = config.database;
  StoreResult<std::unique_ptr<RevocationStore>> store =
      db.parsed.scheme == DatabaseUrl::Scheme::kPostgresql
          ? open_postgres_revocation_store(postgres_store_options(db, config.users.schema))
          : open_sqlite_revocation_store(db.parsed.location, db.statement_timeout);
  if (!store) {
    return unexpected(store_start_error(
        "JWT_TOKEN_ID: the revocation tables of database " + redact_database_url(db.url),
        store.error()));
  }
  return std::move(*store);
}

Expected<std::shared_ptr<OutstandingTokenStore>, StartError> open_outstanding_tokens(
    const Config& config) {
  const DatabaseConfig& db = config.database;
  const std::string where =
      "[simplejwt]: token_blacklist tables in database " + redact_database_url(db.url);
  auto store =
      db.parsed.scheme == DatabaseUrl::Scheme::kPostgresql
          ? open_postgres_outstanding_tokens(postgres_store_options(db, config.users.schema))
          : open_sqlite_outstanding_tokens(db.parsed.location, db.statement_timeout,
                                           config.users.schema.table);
  if (!store) return unexpected(store_start_error(where, store.error()));
  return std::shared_ptr<OutstandingTokenStore>(std::move(*store));
}

}  // namespace detail
}  // namespace restjwt
