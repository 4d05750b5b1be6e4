// Logger: the server's log lines on standard output, written by a background thread so that a
// reader that stops reading (a stalled pipe, a blocked journal) can never stall a request.
//
// A line is appended to a bounded in-memory buffer under a short lock, with no wake-up: the
// writer thread takes the buffer every few milliseconds and writes it out. When the buffer is
// full — the writer is stuck behind its reader — new lines are dropped and counted, and once
// writing works again a line says how many were lost.
//
// Formats: "text" (`2026-12-06T09:00:00.123456Z info message`, logfmt fields for the access log)
// or "json" (one object per line: time, level, msg and the access fields). Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "restjwt/config.hpp"
#include "restjwt/server_events.hpp"

namespace restjwt::detail {

class Logger {
 public:
  // `fd` is where the lines go (1: standard output).
  explicit Logger(const LogConfig& config, int fd = 1);
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;
  // Writes what is pending, waiting at most a second for a stalled reader.
  ~Logger();

  void log(LogLevel level, std::string_view message) noexcept;
  // One access line (at `level`: health checks and metrics scrapes go at debug).
  void access(const RequestRecord& record, LogLevel level = LogLevel::kInfo) noexcept;

  void set_level(LogLevel level) noexcept { level_.store(level, std::memory_order_relaxed); }
  bool enabled(LogLevel level) const noexcept {
    return level >= level_.load(std::memory_order_relaxed);
  }
  // Lines dropped because the reader did not keep up.
  std::uint64_t dropped() const noexcept;
  // Waits until every line logged so far is written (tests, start-up messages).
  void flush() noexcept;

  struct Shared;

 private:
  void append(std::string&& line) noexcept;

  const LogFormat format_;
  std::atomic<LogLevel> level_;
  std::shared_ptr<Shared> shared_;  // also held by the writer thread
};

// The access line's fields as text, escaped: what both formats write after the time and level.
std::string format_access_text(const RequestRecord& record);

}  // namespace restjwt::detail
