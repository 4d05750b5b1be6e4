#include "user_store_options.hpp"

#include <cstdlib>

#include "restjwt/config.hpp"
#include "restjwt/postgres_user_store.hpp"
#include "restjwt/service.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "user_commands.hpp"

namespace restjwt::cli {

CommandResult<UserStoreOptions> resolve_user_store_options(const StoreFlags& flags) {
  UserStoreOptions options;
  if (!flags.config_file.empty() && flags.database_url.empty()) {
    // The database (DATABASE_URL still wins, as for serve), the user table and the hashers.
    auto config = load_config(flags.config_file, process_environment(), ConfigPurpose::kUserAdmin);
    if (!config) return unexpected(CommandFailure{2, config.error()});
    options.database = config->database;
    options.schema = config->users.schema;
    options.hashers = config->passwords.hashers;
    options.hasher_options = config->passwords.options;
    return options;
  }
  std::string url = flags.database_url;
  std::string source = "--database";
  if (url.empty()) {
    const char* env = std::getenv("DATABASE_URL");  // NOLINT(concurrency-mt-unsafe): start-up
    if (env != nullptr && *env != '\0') {
      url = env;
      source = "DATABASE_URL";
    }
  }
  if (url.empty()) {
    url = std::string(kDefaultDatabaseUrl);
  }
  auto parsed = parse_database_url(url);
  if (!parsed) {
    return unexpected(CommandFailure{2, source + ": " + parsed.error()});
  }
  options.database.url = url;
  options.database.parsed = std::move(*parsed);
  return options;
}

CommandResult<std::unique_ptr<UserStore>> open_user_store(const UserStoreOptions& options,
                                                          bool create_if_missing) {
  if (options.database.parsed.scheme == DatabaseUrl::Scheme::kPostgresql) {
    auto postgres = postgres_store_options(options.database, options.schema);
    postgres.create_if_missing = create_if_missing;
    auto store = PostgresUserStore::open(std::move(postgres));
    if (!store) {
      return unexpected(CommandFailure{1, store.error().message});
    }
    return std::unique_ptr<UserStore>(std::move(*store));
  }
  SqliteStoreOptions sqlite;
  sqlite.path = options.database.parsed.location;
  sqlite.busy_timeout = options.database.statement_timeout;
  sqlite.schema = options.schema;
  sqlite.create_if_missing = create_if_missing;
  auto store = SqliteUserStore::open(std::move(sqlite));
  if (!store) {
    return unexpected(CommandFailure{1, store.error().message});
  }
  return std::unique_ptr<UserStore>(std::move(*store));
}

StoreResult<bool> rotate_secret(UserStore& store, const std::string& username) {
  if (store.schema().secret_column.empty()) {
    return unexpected(StoreError{StoreError::Kind::kInvalid,
                                 "no per-user secret column is configured "
                                 "(JWT_GET_USER_SECRET_KEY = \"column:<name>\")"});
  }
  const auto fresh = random_user_secret();
  if (!fresh) {
    return unexpected(StoreError{StoreError::Kind::kInternal, "getrandom() failed"});
  }
  return store.set_jwt_secret(username, *fresh);
}

}  // namespace restjwt::cli
