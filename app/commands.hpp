// The subcommands of `restjwt`. Each registers itself on the CLI11 app and, when chosen, stores
// its process exit code in `exit_code` (0 success, 1 failure, 2 usage error).
#pragma once

namespace CLI {
class App;
}

namespace restjwt::cli {

void register_jwt_commands(CLI::App& app, int& exit_code);
// createuser, changepassword, users list|activate|deactivate|delete|rotate-secret|
// logout-everywhere.
void register_user_commands(CLI::App& app, int& exit_code);

// keys generate|import|list|activate|retire|remove.
void register_key_commands(CLI::App& app, int& exit_code);

// serve (the HTTP server) and check-config.
void register_serve_commands(CLI::App& app, int& exit_code);

}  // namespace restjwt::cli
