// restjwt: JSON Web Token authentication for REST APIs, wire-compatible with
// djangorestframework-jwt. This file only wires the subcommands together.
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "restjwt/version.hpp"
#include "usage_errors.hpp"

// NOLINTNEXTLINE(bugprone-exception-escape): only std::bad_alloc, building the CLI, can escape
int main(int argc, char** argv) {
  CLI::App app{"restjwt: JWT authentication for REST APIs, compatible with djangorestframework-jwt",
               "restjwt"};
  app.set_version_flag("-V,--version", "restjwt " + std::string(restjwt::version()));
  app.require_subcommand(1);
  int exit_code = 0;
  restjwt::cli::register_serve_commands(app, exit_code);
  restjwt::cli::register_user_commands(app, exit_code);
  restjwt::cli::register_jwt_commands(app, exit_code);
  restjwt::cli::register_key_commands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // Usage errors: the usage, or one line naming what was wrong; exit 2.
    restjwt::cli::report_parse_error(app, e);
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "restjwt: %s\n", e.what());
    return 1;
  }
  return exit_code;
}
