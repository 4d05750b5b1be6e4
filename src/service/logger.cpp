#include "service/logger.hpp"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <ctime>
#include <iterator>
#include <mutex>
#include <thread>

#include <pthread.h>

#include "views/responses.hpp"

namespace restjwt::detail {
namespace {

// What may wait in memory for a reader: about 10,000 access lines.
constexpr std::size_t kMaxPending = std::size_t{1} << 20;
constexpr std::chrono::milliseconds kWriteEvery{20};
constexpr std::chrono::seconds kFinalFlushLimit{1};

// "2026-12-06T09:00:00.123456Z": the seconds are formatted once per second per thread.
void append_time(std::string& out) {
  using std::chrono::system_clock;
  const auto now = system_clock::now();
  const auto seconds = std::chrono::time_point_cast<std::chrono::seconds>(now);
  thread_local system_clock::time_point cached_second;
  thread_local char cached[24] = {};
  if (seconds != cached_second) {
    const std::time_t t = system_clock::to_time_t(seconds);
    std::tm utc{};
    gmtime_r(&t, &utc);
    std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &utc);
    cached_second = seconds;
  }
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now - seconds).count();
  char fraction[] = ".000000Z";
  for (std::size_t i = 6; i > 0 && micros > 0; --i, micros /= 10) {
    fraction[i] = static_cast<char>('0' + micros % 10);
  }
  out.append(cached).append(fraction);
}

std::string_view level_name(LogLevel level) { return to_string(level); }

template <typename Integer>
void append_number(std::string& out, Integer value) {
  char digits[24];
  const auto end = std::to_chars(std::begin(digits), std::end(digits), value).ptr;
  out.append(digits, end);
}

// The time and level of a line, in `format`; the caller adds the rest and the end.
void begin_line(std::string& line, LogFormat format, LogLevel level) {
  if (format == LogFormat::kJson) {
    line += R"({"time":")";
    append_time(line);
    line.append(R"(","level":")").append(level_name(level)).append("\",");
  } else {
    append_time(line);
    line.append(" ").append(level_name(level)).append(" ");
  }
}

std::string message_line(LogFormat format, LogLevel level, std::string_view message) {
  std::string line;
  line.reserve(64 + message.size());
  begin_line(line, format, level);
  if (format == LogFormat::kJson) {
    line.append(R"("msg":)").append(json_string(message)).append("}\n");
  } else {
    line.append(message).append("\n");
  }
  return line;
}

}  // namespace

void append_access_text(std::string& line, const RequestRecord& record);

struct Logger::Shared {
  const int fd;
  const LogFormat format;
  std::mutex mutex;
  std::condition_variable changed;  // stop requested, or a flush done
  std::string pending;              // lines not yet taken by the writer
  std::uint64_t appended = 0;       // lines appended, and written: for flush()
  std::uint64_t written = 0;
  std::uint64_t dropped = 0;
  std::uint64_t dropped_reported = 0;
  bool stopping = false;
  bool finished = false;

  Shared(int out, LogFormat line_format) : fd(out), format(line_format) {
    pending.reserve(kMaxPending);
  }

  // Writes everything; false when the reader is gone (EPIPE, a closed descriptor).
  bool write_all(std::string_view bytes) const {
    while (!bytes.empty()) {
      const ssize_t n = ::write(fd, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  void run() {
    // A reader that went away must not kill the server: SIGPIPE (sent to the writing thread) is
    // blocked here, and write() says EPIPE instead.
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
    // Two buffers of the full size, swapped: appending never reallocates (and copies up to a
    // megabyte) while holding the lock that every I/O thread takes for each line.
    std::string batch;
    batch.reserve(kMaxPending);
    std::unique_lock lock(mutex);
    for (;;) {
      changed.wait_for(lock, kWriteEvery, [this] { return stopping; });
      batch.swap(pending);
      const std::uint64_t upto = appended;
      std::uint64_t lost = dropped - dropped_reported;
      dropped_reported = dropped;
      const bool stop = stopping;
      lock.unlock();
      if (lost > 0) {
        // Said once the reader reads again, in the order it happened.
        write_all(message_line(
            format, LogLevel::kWarning,
            std::to_string(lost) + " log line(s) dropped: the reader of this log did not keep up"));
      }
      if (!batch.empty()) write_all(batch);
      batch.clear();  // keeps its capacity
      lock.lock();
      written = upto;
      changed.notify_all();
      if (stop && pending.empty()) break;
    }
    finished = true;
    changed.notify_all();
  }
};

Logger::Logger(const LogConfig& config, int fd)
    : format_(config.format),
      level_(config.level),
      shared_(std::make_shared<Shared>(fd, config.format)) {
  // The thread shares the state, so that a writer stuck on a dead reader at exit can be left
  // behind without touching freed memory.
  std::thread([shared = shared_] { shared->run(); }).detach();
}

Logger::~Logger() {
  std::unique_lock lock(shared_->mutex);
  shared_->stopping = true;
  shared_->changed.notify_all();
  shared_->changed.wait_for(lock, kFinalFlushLimit, [this] { return shared_->finished; });
}

void Logger::append(std::string&& line) noexcept {
  Shared& s = *shared_;
  const std::lock_guard lock(s.mutex);
  if (s.pending.size() + line.size() > kMaxPending) {
    ++s.dropped;
    return;
  }
  s.pending += line;
  ++s.appended;
}

void Logger::log(LogLevel level, std::string_view message) noexcept {
  if (!enabled(level)) return;
  try {
    append(message_line(format_, level, message));
  } catch (...) {  // NOLINT(bugprone-empty-catch): out of memory; the line is lost, not the server
  }
}

void Logger::access(const RequestRecord& r, LogLevel level) noexcept {
  if (!enabled(level)) return;
  try {
    std::string line;
    line.reserve(192);
    begin_line(line, format_, level);
    if (format_ == LogFormat::kJson) {
      line.append(R"("msg":"access","method":)").append(json_string(r.method));
      // A 404's path is whatever the client typed, a token pasted into a URL included.
      const std::string_view path = r.target.substr(0, r.target.find('?'));
      line.append(R"(,"path":)").append(r.status == 404 ? "null" : json_string(path));
      line.append(R"(,"status":)");
      append_number(line, r.status);
      line.append(R"(,"latency_us":)");
      append_number(line, r.latency.count());
      line.append(R"(,"client":)").append(json_string(r.client));
      if (!r.request_id.empty()) line.append(R"(,"request_id":)").append(json_string(r.request_id));
      line.append("}\n");
    } else {
      append_access_text(line, r);
      line += '\n';
    }
    append(std::move(line));
  } catch (...) {  // NOLINT(bugprone-empty-catch): out of memory; the line is lost, not the server
  }
}

std::uint64_t Logger::dropped() const noexcept {
  const std::lock_guard lock(shared_->mutex);
  return shared_->dropped;
}

void Logger::flush() noexcept {
  std::unique_lock lock(shared_->mutex);
  const std::uint64_t target = shared_->appended;
  shared_->changed.wait_for(lock, kFinalFlushLimit,
                            [&] { return shared_->written >= target || shared_->finished; });
}

void append_access_text(std::string& line, const RequestRecord& record) {
  const std::string_view path = record.target.substr(0, record.target.find('?'));
  line += "access method=";
  append_log_field(line, record.method);
  // A 404's path is whatever the client typed, a token pasted into a URL included: not logged.
  line += " path=";
  append_log_field(line, record.status == 404 ? std::string_view() : path);
  line += " status=";
  append_number(line, record.status);
  line += " latency_us=";
  append_number(line, record.latency.count());
  line += " client=";
  append_log_field(line, record.client);
  if (!record.request_id.empty()) {
    line += " request_id=";
    append_log_field(line, record.request_id);
  }
}

std::string format_access_text(const RequestRecord& record) {
  std::string line;
  append_access_text(line, record);
  return line;
}

}  // namespace restjwt::detail
