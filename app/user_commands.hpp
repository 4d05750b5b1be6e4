// Shared by the user subcommands (cmd_createuser.cpp, cmd_users.cpp): the store options every one
// of them takes, and the one-line failure report.
#pragma once

#include <memory>
#include <string>

#include "user_store_options.hpp"

namespace CLI {  // NOLINT(readability-identifier-naming): CLI11's own namespace
class App;
}

namespace restjwt::cli {

// Adds --database URL and --config FILE to `command`, bound to `flags`.
void add_store_flags(CLI::App& command, StoreFlags& flags);

// Prints "restjwt: <message>" on stderr; returns the failure's exit code.
int report(const CommandFailure& failure);

// Resolves the flags and opens the store; nullptr after reporting (exit code in `exit_code`).
std::unique_ptr<UserStore> open_store_or_report(const StoreFlags& flags, bool create_if_missing,
                                                UserStoreOptions& options, int& exit_code);

// A fresh random per-user JWT secret (a UUID, as Django projects use) for `username`; kInvalid
// when no secret column is configured. Every token of the user stops verifying.
StoreResult<bool> rotate_secret(UserStore& store, const std::string& username);

void register_password_commands(CLI::App& app, int& exit_code);  // createuser, changepassword
void register_users_group(CLI::App& app, int& exit_code);        // users list|activate|…

}  // namespace restjwt::cli
