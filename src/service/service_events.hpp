// ServiceEvents: what `restjwt serve` does with the library's and the server's events — every
// fault becomes a log line naming its cause (no 500 or 503 is ever silent), every request an
// access line, and everything is counted for /metrics. Secrets never reach it: StoreError messages
// are the stores' own redacted texts, and no token, password or cookie is ever part of an event.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "restjwt/events.hpp"
#include "restjwt/server_events.hpp"
#include "service/logger.hpp"
#include "service/metrics.hpp"

namespace restjwt::detail {

class ServiceEvents final : public Events, public ServerEvents {
 public:
  // `metrics` may be null (nothing counted: [server] metrics_path = ""). `quiet_routes`: routes
  // whose access lines go at debug level (health checks, metrics scrapes).
  ServiceEvents(std::shared_ptr<Logger> logger, std::shared_ptr<Metrics> metrics, bool access_log,
                std::vector<std::string> quiet_routes = {});

  // Events (the library)
  void store_fault(std::string_view operation, const StoreError& error) noexcept override;
  void throttle_fault(const StoreError& error) noexcept override;
  void key_fault(std::string_view what) noexcept override;
  void keys_changed(std::string_view what) noexcept override;
  void refresh_token_reused(std::size_t revoked) noexcept override;
  void internal_fault(std::string_view what) noexcept override;
  void login(LoginOutcome outcome) noexcept override;
  void token_refused(ErrorCode code, Surface surface) noexcept override;
  void password_upgraded(bool written) noexcept override;

  // ServerEvents (the HTTP server)
  void log(LogLevel level, std::string_view message) noexcept override;
  void request_done(const RequestRecord& record) noexcept override;
  void queue_full(std::string_view pool) noexcept override;

  Logger& logger() { return *logger_; }

 private:
  std::shared_ptr<Logger> logger_;
  std::shared_ptr<Metrics> metrics_;
  const bool access_log_;
  const std::vector<std::string> quiet_routes_;
};

}  // namespace restjwt::detail
