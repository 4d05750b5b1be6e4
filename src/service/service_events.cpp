#include "service/service_events.hpp"

#include <algorithm>

namespace restjwt::detail {
namespace {

std::string_view kind_of(const StoreError& error) {
  switch (error.kind) {
    case StoreError::Kind::kUnavailable:
      return "unavailable";
    case StoreError::Kind::kConflict:
      return "conflict";
    case StoreError::Kind::kNotFound:
      return "not found";
    case StoreError::Kind::kInvalid:
      return "invalid";
    case StoreError::Kind::kInternal:
      return "internal";
  }
  return "internal";
}

std::string store_text(const StoreError& error) {
  return "(" + std::string(kind_of(error)) + "): " + error.message;
}

}  // namespace

ServiceEvents::ServiceEvents(std::shared_ptr<Logger> logger, std::shared_ptr<Metrics> metrics,
                             bool access_log, std::vector<std::string> quiet_routes)
    : logger_(std::move(logger)),
      metrics_(std::move(metrics)),
      access_log_(access_log),
      quiet_routes_(std::move(quiet_routes)) {}

void ServiceEvents::store_fault(std::string_view operation, const StoreError& error) noexcept {
  if (metrics_) metrics_->fault("store");
  try {
    logger_->log(LogLevel::kError,
                 "database: " + std::string(operation) + " failed " + store_text(error));
  } catch (...) {  // NOLINT(bugprone-empty-catch): out of memory; nowhere left to say it
  }
}

void ServiceEvents::throttle_fault(const StoreError& error) noexcept {
  if (metrics_) metrics_->fault("throttle");
  try {
    logger_->log(LogLevel::kWarning, "login throttle counters failed " + store_text(error) +
                                         "; the login was let through");
  } catch (...) {  // NOLINT(bugprone-empty-catch): out of memory; nowhere left to say it
  }
}

void ServiceEvents::key_fault(std::string_view what) noexcept {
  if (metrics_) metrics_->fault("key");
  try {
    logger_->log(LogLevel::kError, "key: " + std::string(what));
  } catch (...) {  // NOLINT(bugprone-empty-catch): out of memory; nowhere left to say it
  }
}

void ServiceEvents::keys_changed(std::string_view what) noexcept {
  try {
    logger_->log(LogLevel::kInfo, std::string(what));
  } catch (...) {  // NOLINT(bugprone-empty-catch): out of memory; nowhere left to say it
  }
}

void ServiceEvents::refresh_token_reused(std::size_t revoked) noexcept {
  try {
    logger_->log(LogLevel::kWarning, "a rotated refresh token was reused: its family is revoked (" +
                                         std::to_string(revoked) + " more tokens blacklisted)");
  } catch (...) {  // NOLINT(bugprone-empty-catch): out of memory; nowhere left to say it
  }
}

void ServiceEvents::internal_fault(std::string_view what) noexcept {
  if (metrics_) metrics_->fault("internal");
  try {
    logger_->log(LogLevel::kError, "internal error: " + std::string(what));
  } catch (...) {  // NOLINT(bugprone-empty-catch): out of memory; nowhere left to say it
  }
}

void ServiceEvents::login(LoginOutcome outcome) noexcept {
  if (metrics_) metrics_->login(outcome);
}

void ServiceEvents::token_refused(ErrorCode code, Surface surface) noexcept {
  if (metrics_) metrics_->token_refused(code, surface);
}

void ServiceEvents::password_upgraded(bool written) noexcept {
  if (metrics_) metrics_->password_upgraded(written);
}

void ServiceEvents::log(LogLevel level, std::string_view message) noexcept {
  // The server's own 500s and 503s (an exception, a full queue) count as internal faults.
  if (level == LogLevel::kError && metrics_) metrics_->fault("internal");
  logger_->log(level, message);
}

void ServiceEvents::queue_full(std::string_view pool) noexcept {
  if (metrics_) metrics_->queue_full(pool);
}

void ServiceEvents::request_done(const RequestRecord& record) noexcept {
  if (metrics_) metrics_->request(record.route, record.method, record.status, record.latency);
  if (!access_log_) return;
  const bool quiet = !record.route.empty() && std::find(quiet_routes_.begin(), quiet_routes_.end(),
                                                        record.route) != quiet_routes_.end();
  logger_->access(record, quiet ? LogLevel::kDebug : LogLevel::kInfo);
}

}  // namespace restjwt::detail
