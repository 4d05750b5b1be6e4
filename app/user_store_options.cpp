#include "user_store_options.hpp"

#include <cstdlib>
#include <string_view>

#include "restjwt/config.hpp"
#include "restjwt/postgres_revocation_store.hpp"
#include "restjwt/postgres_user_store.hpp"
#include "restjwt/service.hpp"
#include "restjwt/sqlite_revocation_store.hpp"
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
    options.token_id = config->jwt.token_id;
    return options;
  }
  // Without a config, the environment serve would read.
  const char* token_id = std::getenv("JWT_TOKEN_ID");  // NOLINT(concurrency-mt-unsafe): start-up
  if (token_id != nullptr &&
      (std::string_view(token_id) == "include" || std::string_view(token_id) == "require")) {
    options.token_id = TokenId::kInclude;
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

CommandResult<std::unique_ptr<RevocationStore>> open_revocation_store(
    const UserStoreOptions& options) {
  StoreResult<std::unique_ptr<RevocationStore>> store =
      options.database.parsed.scheme == DatabaseUrl::Scheme::kPostgresql
          ? open_postgres_revocation_store(postgres_store_options(options.database, options.schema))
          : open_sqlite_revocation_store(options.database.parsed.location,
                                         options.database.statement_timeout);
  if (!store) return unexpected(CommandFailure{1, store.error().message});
  return std::move(*store);
}

StoreResult<bool> log_out_everywhere(UserStore& users, RevocationStore& revocations,
                                     const std::string& username) {
  auto user = users.find_by_username(username);
  if (!user) return unexpected(user.error());
  if (!user->has_value()) return false;
  auto set = revocations.set_cutoff(to_string((*user)->id), system_clock()());
  if (!set) return unexpected(set.error());
  return true;
}

std::optional<CommandFailure> end_sessions_if_revocable(const UserStoreOptions& options,
                                                        UserStore& users,
                                                        const std::string& username,
                                                        const std::string& done) {
  if (options.token_id == TokenId::kOff) return std::nullopt;
  const std::string failed = done + ", but the user's tokens were not revoked: ";
  auto revocations = open_revocation_store(options);
  if (!revocations) return CommandFailure{1, failed + revocations.error().message};
  auto logged_out = log_out_everywhere(users, **revocations, username);
  if (!logged_out) return CommandFailure{1, failed + logged_out.error().message};
  return std::nullopt;
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
