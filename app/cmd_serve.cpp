// `restjwt serve`: run the HTTP server; `restjwt check-config`: validate a configuration, print
// it with secrets redacted, and open its database. A start-up problem is one line on stderr,
// "restjwt: …", with an exit status that says what kind it is: 78 the configuration (EX_CONFIG:
// do not restart), 69 the database (EX_UNAVAILABLE), 71 the address (EX_OSERR), 1 anything else.
// SIGTERM or SIGINT ends serve with exit code 0 once requests in flight are done; SIGHUP reloads.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "restjwt/config.hpp"
#include "restjwt/service.hpp"

namespace restjwt::cli {
namespace {

struct ServeFlags {
  std::string config_file;
  std::string bind;
  std::string port_file;
};

int fail(int code, const std::string& message) {
  std::fprintf(stderr, "restjwt: %s\n", message.c_str());
  return code;
}

// Written to a temporary name and renamed, so a test polling for the file never reads half.
bool write_port_file(const std::string& path, std::uint16_t port) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << port << "\n";
    if (!out.flush()) return false;
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  return !ec;
}

Expected<Config, std::string> load(const ServeFlags& flags) {
  auto config = load_config(flags.config_file, process_environment());
  if (!config) return config;
  if (!flags.bind.empty()) {
    auto bind = parse_bind_address(flags.bind);
    if (!bind) {
      return unexpected("--bind \"" + flags.bind + "\": expected " + std::string(kBindExpectation));
    }
    config->server.bind = *bind;
  }
  return config;
}

int run_serve(const ServeFlags& flags) {
  auto config = load(flags);
  if (!config) return fail(kExitConfig, config.error());
  auto started = Service::start(*config);
  if (!started) return fail(started.error().exit_code(), started.error().message);
  Service& service = **started;
  if (service.created_database()) {
    service.log(LogLevel::kInfo, "created the database " + config->database.parsed.location +
                                     " with Django's auth schema");
  }
  Server& server = service.server();
  // SIGHUP: the file and the environment are read again; what can change at run time does, and
  // a configuration that does not load is refused with the running one kept.
  const auto reload = [&service, &flags] {
    notify_service_manager("RELOADING=1");
    auto next = load(flags);
    auto applied = next ? service.reload(*next) : unexpected(next.error());
    if (applied) {
      service.log(LogLevel::kInfo, "configuration reloaded");
    } else {
      service.log(LogLevel::kError,
                  "reload refused, the running configuration is kept: " + applied.error());
    }
    notify_service_manager("READY=1");
  };
  server.stop_on_signals({[] { notify_service_manager("STOPPING=1"); }, reload});
  const BindAddress where = server.local_address();
  service.log(LogLevel::kInfo,
              "listening on " + where.to_string() + " (" +
                  (config->source.empty() ? std::string("no config file") : config->source) +
                  "; database " + redact_database_url(config->database.url) + "; " +
                  std::to_string(effective_io_threads(config->server)) + " I/O threads)");
  if (!flags.port_file.empty() && !write_port_file(flags.port_file, where.port)) {
    server.stop();
    server.wait();
    return fail(1, "--port-file \"" + flags.port_file + "\": cannot write that file");
  }
  notify_service_manager("READY=1\nSTATUS=listening on " + where.to_string());
  server.wait();
  service.log(LogLevel::kInfo, "stopped");
  return 0;
}

// Everything serve would check before listening: the configuration, the keys, and the database
// (opened as serve opens it: neither the database nor Django's tables are created; restjwt's own
// tables that the settings need are, as serve creates them).
int run_check_config(const ServeFlags& flags) {
  auto config = load(flags);
  if (!config) return fail(kExitConfig, config.error());
  for (const auto& warning : config->warnings) {
    std::fprintf(stderr, "restjwt: warning: %s\n", warning.c_str());
  }
  std::fputs(describe_config(*config).c_str(), stdout);
  auto database = check_database(*config);
  if (!database) return fail(database.error().exit_code(), database.error().message);
  std::fprintf(stdout, "# %s\n", database->c_str());
  return 0;
}

}  // namespace

void register_serve_commands(CLI::App& app, int& exit_code) {
  // CLI11 binds options to storage that must outlive parsing: the callbacks own it.
  auto serve_flags = std::make_shared<ServeFlags>();
  auto* serve = app.add_subcommand("serve", "Run the HTTP server (SIGTERM/SIGINT stop it)");
  serve->add_option("--config", serve_flags->config_file,
                    "TOML configuration file (default: none; defaults and environment)");
  serve->add_option("--bind", serve_flags->bind,
                    "HOST:PORT to listen on, e.g. 127.0.0.1:8000 or [::1]:8000 (overrides "
                    "[server] bind)");
  serve->add_option("--port-file", serve_flags->port_file,
                    "Write the port listened on to this file once ready (for --bind HOST:0)");
  serve->callback([&exit_code, serve_flags] { exit_code = run_serve(*serve_flags); });

  auto check_flags = std::make_shared<ServeFlags>();
  auto* check = app.add_subcommand(
      "check-config",
      "Validate the configuration, print it (secrets redacted) and open its database (exit 0, or "
      "78 for a bad configuration, 69 for a database that cannot be opened)");
  check->add_option("--config", check_flags->config_file, "TOML configuration file");
  check->add_option("--bind", check_flags->bind, "HOST:PORT, as for serve");
  check->callback([&exit_code, check_flags] { exit_code = run_check_config(*check_flags); });
}

}  // namespace restjwt::cli
