#include "service/logging_events.hpp"

#include <spdlog/spdlog.h>

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

// spdlog formats into memory and may throw (std::bad_alloc, a format error): an event must not.
template <typename... Args>
void log(spdlog::level::level_enum level, spdlog::format_string_t<Args...> format,
         Args&&... args) noexcept {
  try {
    spdlog::log(level, format, std::forward<Args>(args)...);
  } catch (...) {  // NOLINT(bugprone-empty-catch): nowhere left to report it
  }
}

}  // namespace

void LoggingEvents::store_fault(std::string_view operation, const StoreError& error) noexcept {
  log(spdlog::level::err, "database: {} failed ({}): {}", operation, kind_of(error), error.message);
}

void LoggingEvents::throttle_fault(const StoreError& error) noexcept {
  log(spdlog::level::warn, "login throttle counters failed ({}): {}; the login was let through",
      kind_of(error), error.message);
}

void LoggingEvents::key_fault(std::string_view what) noexcept {
  log(spdlog::level::err, "signing key: {}", what);
}

void LoggingEvents::internal_fault(std::string_view what) noexcept {
  log(spdlog::level::err, "internal error: {}", what);
}

}  // namespace restjwt::detail
