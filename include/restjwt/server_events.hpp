// ServerEvents: what the HTTP server tells the program that runs it — every answered request
// (for an access log and request metrics), its connections, and every condition worth an
// operator's attention. The server writes no log of its own: `restjwt serve` logs and counts
// through this (and a program that embeds the server chooses what to do with it).
//
// Called on the server's threads, concurrently: an implementation must be thread-safe, must not
// throw, and must return quickly (never block on I/O: a stalled log reader must not stall the
// server). Every method has an empty default.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace restjwt {

enum class LogLevel : std::uint8_t { kDebug, kInfo, kWarning, kError };

std::string_view to_string(LogLevel level) noexcept;

// One field of a log line: control characters, spaces, quotes, backslashes and non-ASCII bytes as
// \xHH, so that a hostile request cannot forge lines; "-" for an empty field.
std::string escape_log_field(std::string_view text);
// The same, appended to `out` (no string of its own: the access log's hot path).
void append_log_field(std::string& out, std::string_view text);

// One answered request. Nothing here is secret: the target's query is there, but an access log
// drops it (a token pasted into a URL), and no header, cookie or body is given.
struct RequestRecord {
  std::string_view method;  // as sent; "-" when the request line could not be parsed
  std::string_view target;  // path and query as sent
  std::string_view route;   // the matched route's path, "" when none (a label for metrics)
  int status = 0;
  std::chrono::microseconds latency{0};  // from the end of the headers to the response written
  std::string_view client;      // the peer, or the client behind ServerOptions::trusted_proxies
  std::string_view request_id;  // the X-Request-ID the client sent, or the one made for it
  std::size_t response_bytes = 0;
  bool written = true;  // false when the client left before the response was written
};

class ServerEvents {
 public:
  virtual ~ServerEvents() = default;

  // A condition worth an operator's attention: accept failures, overload, signals, faults (every
  // 500 and 503 the server answers itself comes with one, naming its cause).
  virtual void log(LogLevel level, std::string_view message) noexcept {
    (void)level;
    (void)message;
  }
  // After each response (also a 4xx/5xx the server answered itself).
  virtual void request_done(const RequestRecord& record) noexcept { (void)record; }
  virtual void connection_opened() noexcept {}
  virtual void connection_closed() noexcept {}
  // A request was answered 503 because the queue of `pool` ("hash" or "db") was full.
  virtual void queue_full(std::string_view pool) noexcept { (void)pool; }
};

}  // namespace restjwt
