#include "restjwt/service.hpp"

#include <filesystem>
#include <system_error>

#include "restjwt/postgres_throttle_counters.hpp"
#include "restjwt/postgres_user_store.hpp"
#include "restjwt/sqlite_throttle_counters.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "service/logging_events.hpp"

namespace restjwt {
namespace {

PostgresStoreOptions postgres_options(const Config& config) {
  return postgres_store_options(config.database, config.users.schema);
}

Expected<std::unique_ptr<UserStore>, std::string> open_store(const Config& config, bool& created) {
  const DatabaseConfig& db = config.database;
  if (db.parsed.scheme == DatabaseUrl::Scheme::kPostgresql) {
    // The server never creates tables in PostgreSQL (Django's migrate or `restjwt createuser`
    // do); a database without the user table fails here with a clear message.
    auto store = PostgresUserStore::open(postgres_options(config));
    if (!store) {
      return unexpected("database " + redact_database_url(db.url) + ": " + store.error().message);
    }
    return std::unique_ptr<UserStore>(std::move(*store));
  }
  std::error_code ec;
  created = !std::filesystem::exists(db.parsed.location, ec);
  SqliteStoreOptions options;
  options.path = db.parsed.location;
  options.schema = config.users.schema;
  // A fresh install starts with Django's schema; an existing file is never altered (the store
  // refuses to create into one).
  options.create_if_missing = true;
  options.busy_timeout = db.statement_timeout;
  auto store = SqliteUserStore::open(std::move(options));
  if (!store) {
    created = false;
    return unexpected("database " + db.url + ": " + store.error().message);
  }
  return std::unique_ptr<UserStore>(std::move(*store));
}

// In memory on one node; in the shared database when several nodes must count together (an
// explicit choice: it adds the restjwt_throttle table to the database).
Expected<std::unique_ptr<ThrottleCounters>, std::string> open_throttle_counters(
    const Config& config) {
  if (config.throttle.storage == ThrottleConfig::Storage::kMemory) {
    return make_memory_throttle_counters();
  }
  const DatabaseConfig& db = config.database;
  StoreResult<std::unique_ptr<ThrottleCounters>> counters =
      db.parsed.scheme == DatabaseUrl::Scheme::kPostgresql
          ? open_postgres_throttle_counters(postgres_options(config))
          : open_sqlite_throttle_counters(db.parsed.location, db.statement_timeout);
  if (!counters) {
    return unexpected("[throttle] storage = \"database\": database " + redact_database_url(db.url) +
                      ": " + counters.error().message);
  }
  return std::move(*counters);
}

}  // namespace

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

Expected<std::unique_ptr<Service>, std::string> Service::start(const Config& config, Clock clock) {
  std::unique_ptr<Service> service(new Service());
  auto hashers = PasswordHashers::from_names(config.passwords.hashers, config.passwords.options);
  if (!hashers) return unexpected("[passwords] hashers: " + hashers.error());
  service->hashers_.emplace(std::move(*hashers));

  auto store = open_store(config, service->created_database_);
  if (!store) return unexpected(std::move(store).error());
  service->store_ = std::move(*store);

  const auto events = std::make_shared<detail::LoggingEvents>();
  ApplicationOptions options;
  options.events = events;
  options.settings = config.jwt;
  options.routes = config.routes;
  options.allow_inactive_login = config.users.allow_inactive_login;
  options.clock = std::move(clock);
  options.csrf_trusted_origins = config.csrf.trusted_origins;
  if (config.throttle.enabled) {
    auto counters = open_throttle_counters(config);
    if (!counters) return unexpected(std::move(counters).error());
    service->throttle_counters_ = std::move(*counters);
    options.throttle = std::make_shared<LoginThrottle>(
        config.throttle, *service->throttle_counters_, options.clock, events);
  }
  if (!config.users.schema.secret_column.empty()) {
    // JWT_GET_USER_SECRET_KEY = "column:<name>": the store reads that column into jwt_secret.
    options.hooks.user_secret = [](const User& user) { return user.jwt_secret; };
  }
  auto app = Application::create(std::move(options), *service->store_, *service->hashers_);
  if (!app) return unexpected(std::move(app).error());
  service->app_ = std::move(*app);

  ServerOptions server_options = config.server;
  server_options.db_threads = config.database.pool_size;
  auto server = Server::start(server_options, *service->app_);
  if (!server) return unexpected(std::move(server).error());
  service->server_ = std::move(*server);
  return service;
}

Service::~Service() { server_.reset(); }

}  // namespace restjwt
