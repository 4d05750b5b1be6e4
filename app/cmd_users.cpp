// `restjwt users list|activate|deactivate|delete|rotate-secret|logout-everywhere`, and the wiring
// of every user subcommand (register_user_commands).
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "user_commands.hpp"
#include "users_list.hpp"

namespace restjwt::cli {
namespace {

struct UserNameOptions {
  StoreFlags store;
  std::string username;
};

struct ListOptions {
  StoreFlags store;
  bool json = false;
};

int run_list(const ListOptions& args) {
  int exit_code = 0;
  UserStoreOptions options;
  auto store = open_store_or_report(args.store, /*create_if_missing=*/false, options, exit_code);
  if (!store) {
    return exit_code;
  }
  auto users = store->list();
  if (!users) {
    return report({1, users.error().message});
  }
  const std::string text = args.json ? users_as_json(*users) : users_as_table(*users);
  std::fputs(text.c_str(), stdout);
  return 0;
}

// One write on one named user: activate, deactivate, delete, rotate-secret, logout-everywhere.
using UserWrite =
    std::function<StoreResult<bool>(UserStore&, const UserStoreOptions&, const std::string&)>;

int run_user_write(const UserNameOptions& args, const UserWrite& write, const char* done) {
  int exit_code = 0;
  UserStoreOptions options;
  auto store = open_store_or_report(args.store, /*create_if_missing=*/false, options, exit_code);
  if (!store) {
    return exit_code;
  }
  auto written = write(*store, options, args.username);
  if (!written) {
    return report({1, written.error().message});
  }
  if (!*written) {
    return report({1, "user \"" + args.username + "\" does not exist"});
  }
  std::printf("User \"%s\" %s.\n", args.username.c_str(), done);
  return 0;
}

// With JWT_TOKEN_ID on, a deactivated user's tokens also stay refused after a reactivation.
StoreResult<bool> deactivate(UserStore& store, const UserStoreOptions& options,
                             const std::string& username) {
  auto written = store.set_active(username, false);
  if (!written || !*written) return written;
  if (auto failed = end_sessions_if_revocable(options, store, username, "deactivated")) {
    return unexpected(StoreError{StoreError::Kind::kInternal, failed->message});
  }
  return true;
}

StoreResult<bool> logout_everywhere(UserStore& store, const UserStoreOptions& options,
                                    const std::string& username) {
  auto revocations = open_revocation_store(options);
  if (!revocations) {
    return unexpected(StoreError{StoreError::Kind::kUnavailable, revocations.error().message});
  }
  return log_out_everywhere(store, **revocations, username);
}

void add_user_write(CLI::App& users, int& exit_code, const char* name, const char* help,
                    UserWrite write, const char* done) {
  auto args = std::make_shared<UserNameOptions>();
  auto* command = users.add_subcommand(name, help);
  add_store_flags(*command, args->store);
  command->add_option("username", args->username, "The username field's value")->required();
  command->callback([&exit_code, args, write = std::move(write), done] {
    exit_code = run_user_write(*args, write, done);
  });
}

}  // namespace

void add_store_flags(CLI::App& command, StoreFlags& flags) {
  command.add_option("--database", flags.database_url,
                     "Database URL, e.g. sqlite:///var/restjwt.sqlite3 (default: $DATABASE_URL, "
                     "else sqlite:///var/restjwt.sqlite3)");
  command.add_option("--config", flags.config_file, "restjwt TOML config file");
}

int report(const CommandFailure& failure) {
  std::fprintf(stderr, "restjwt: %s\n", failure.message.c_str());
  return failure.exit_code;
}

std::unique_ptr<UserStore> open_store_or_report(const StoreFlags& flags, bool create_if_missing,
                                                UserStoreOptions& options, int& exit_code) {
  auto resolved = resolve_user_store_options(flags);
  if (!resolved) {
    exit_code = report(resolved.error());
    return nullptr;
  }
  options = std::move(*resolved);
  auto store = open_user_store(options, create_if_missing);
  if (!store) {
    exit_code = report(store.error());
    return nullptr;
  }
  return std::move(*store);
}

void register_users_group(CLI::App& app, int& exit_code) {
  auto* users = app.add_subcommand("users", "List and manage users");
  users->require_subcommand(1);
  auto list = std::make_shared<ListOptions>();
  auto* list_command = users->add_subcommand("list", "List the users (never their passwords)");
  add_store_flags(*list_command, list->store);
  list_command->add_flag("--json", list->json, "One JSON array instead of a table");
  list_command->callback([&exit_code, list] { exit_code = run_list(*list); });

  add_user_write(
      *users, exit_code, "activate", "Set is_active",
      [](UserStore& s, const UserStoreOptions&, const std::string& u) {
        return s.set_active(u, true);
      },
      "activated");
  add_user_write(*users, exit_code, "deactivate", "Clear is_active (logins and tokens refused)",
                 deactivate, "deactivated");
  add_user_write(
      *users, exit_code, "delete", "Delete the user (and its group memberships)",
      [](UserStore& s, const UserStoreOptions&, const std::string& u) { return s.remove(u); },
      "deleted");
  add_user_write(
      *users, exit_code, "rotate-secret",
      "New per-user JWT secret: the user's tokens stop verifying",
      [](UserStore& s, const UserStoreOptions&, const std::string& u) {
        return rotate_secret(s, u);
      },
      "has a new secret; their tokens are no longer valid");
  add_user_write(*users, exit_code, "logout-everywhere",
                 "Refuse every token of the user issued until now (JWT_TOKEN_ID)",
                 logout_everywhere, "is logged out everywhere; their tokens are no longer valid");
}

void register_user_commands(CLI::App& app, int& exit_code) {
  register_password_commands(app, exit_code);
  register_users_group(app, exit_code);
}

}  // namespace restjwt::cli
