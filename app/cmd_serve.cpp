// `restjwt serve`: run the HTTP server; `restjwt check-config`: validate a configuration and
// print it with secrets redacted. A start-up problem is one line on stderr, "restjwt: …", and
// exit code 1; SIGTERM or SIGINT ends serve with exit code 0 once requests in flight are done.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

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

int fail(const std::string& message) {
  std::fprintf(stderr, "restjwt: %s\n", message.c_str());
  return 1;
}

// Plain lines on stdout (no colour codes), UTC timestamps: what journald, docker logs and the
// tests read.
void use_plain_stdout_log() {
  auto logger = spdlog::stdout_logger_mt("restjwt");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%fZ %l %v", spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(std::move(logger));
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
  use_plain_stdout_log();
  auto config = load(flags);
  if (!config) return fail(config.error());
  for (const auto& warning : config->warnings) spdlog::warn("{}", warning);
  auto service = Service::start(*config);
  if (!service) return fail(service.error());
  if ((*service)->created_database()) {
    spdlog::info("created the database {} with Django's auth schema",
                 config->database.parsed.location);
  }
  Server& server = (*service)->server();
  server.stop_on_signals();
  const BindAddress where = server.local_address();
  spdlog::info("listening on {} ({}; database {}; {} I/O threads)", where.to_string(),
               config->source.empty() ? std::string("no config file") : config->source,
               redact_database_url(config->database.url), effective_io_threads(config->server));
  spdlog::default_logger()->flush();
  if (!flags.port_file.empty() && !write_port_file(flags.port_file, where.port)) {
    server.stop();
    server.wait();
    return fail("--port-file \"" + flags.port_file + "\": cannot write that file");
  }
  server.wait();
  spdlog::info("stopped");
  return 0;
}

int run_check_config(const ServeFlags& flags) {
  auto config = load(flags);
  if (!config) return fail(config.error());
  for (const auto& warning : config->warnings) {
    std::fprintf(stderr, "restjwt: warning: %s\n", warning.c_str());
  }
  std::fputs(describe_config(*config).c_str(), stdout);
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
      "check-config", "Validate the configuration and print it, secrets redacted (exit 0 or 1)");
  check->add_option("--config", check_flags->config_file, "TOML configuration file");
  check->add_option("--bind", check_flags->bind, "HOST:PORT, as for serve");
  check->callback([&exit_code, check_flags] { exit_code = run_check_config(*check_flags); });
}

}  // namespace restjwt::cli
