// What the HTTP server needs to know: where to listen, how many threads, and the limits that keep
// one client from exhausting it. The `[server]` table of the config (docs/configuration.md) fills
// these; tests set them directly. No Beast here: this header is included by the config loader and
// the CLI.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace restjwt {

// "HOST:PORT" where HOST is an IPv4 address or a bracketed IPv6 address ("[::1]:8000"), or
// "localhost" (127.0.0.1). Names are not resolved: what the server binds is what the config says.
struct BindAddress {
  std::string host = "127.0.0.1";  // an IP literal, IPv6 without brackets
  std::uint16_t port = 8000;       // 0: the kernel picks a free port (tests)

  bool is_ipv6() const { return host.find(':') != std::string::npos; }
  // "127.0.0.1:8000", "[::1]:8000".
  std::string to_string() const;
};

// What a bad bind value is expected to be, for messages of the config loader and `--bind`.
inline constexpr std::string_view kBindExpectation =
    R"(HOST:PORT with an IP address, e.g. "127.0.0.1:8000", "0.0.0.0:8000" or "[::1]:8000")";

std::optional<BindAddress> parse_bind_address(std::string_view text);

// Limits and timeouts, each with a default that is safe on the open Internet.
struct ServerLimits {
  // Request line plus headers; an 8 KiB token (wire contract §5.1) must fit. → 431.
  std::size_t max_header_bytes = std::size_t{16} * 1024;
  // Token requests are small; checked from Content-Length before the body is read. → 413.
  std::uint64_t max_body_bytes = std::uint64_t{64} * 1024;
  // From a new connection's accept to its first byte: a socket that never sends anything is let
  // go early (and, at max_connections, is the first to make room).
  std::chrono::milliseconds first_byte_timeout{5'000};
  // From the connection's accept (or the first byte of a keep-alive request) to the end of the
  // headers: a client that trickles its headers (slow loris) is cut off.
  std::chrono::milliseconds header_timeout{10'000};
  // Reading the body once the headers are in.
  std::chrono::milliseconds body_timeout{30'000};
  // Waiting for the next request on a keep-alive connection.
  std::chrono::milliseconds idle_timeout{30'000};
  // Writing one response (a client that does not read cannot hold a connection forever).
  std::chrono::milliseconds write_timeout{30'000};
  // Open connections. At the cap a connection that waits for a request (one that has sent nothing
  // first, then an idle keep-alive one) is closed to make room; when every one is busy, the new
  // one is answered 503 and closed.
  std::size_t max_connections = 512;
  // After SIGTERM/stop(): how long to go on serving (draining(): readiness fails, every answer
  // closes its connection) before the listener closes. Behind a load balancer, a little more than
  // its health-check interval; 0: stop at once.
  std::chrono::milliseconds drain_delay{0};
  // After the drain: how long requests in flight may take before connections are cut.
  std::chrono::milliseconds shutdown_timeout{10'000};
  // After a 503 because a pool's queue was full (sent at once): how long before the server reads
  // that connection's next request. A client retrying in a tight loop otherwise turns overload
  // into tens of thousands of 503s a second, which take the CPU from the work that was queued
  // and from every other client. 0: read at once.
  std::chrono::milliseconds busy_pause{100};
};

struct ServerOptions {
  BindAddress bind;
  unsigned io_threads = 0;      // 0: std::thread::hardware_concurrency()
  unsigned hash_threads = 0;    // password hashing pool; 0: the number of cores
  std::size_t hash_queue = 32;  // hashing requests waiting beyond these get 503 at once
  // Added to the hashing threads' niceness (0-19): when token checks and hashing both want the
  // CPU, token checks get it, so their latency stays flat during a login storm (BENCHMARKS.md).
  int hash_nice = 10;
  unsigned db_threads = 4;      // blocking database work ([database] pool_size)
  std::size_t db_queue = 1024;  // database requests waiting beyond these get 503 at once
  // Peers whose X-Forwarded-For names the client of RequestRecord (exact IP literals).
  std::vector<std::string> trusted_proxies;
  // A request's id: taken from this header when the client (or a proxy) sent a plausible one
  // (1 to 128 of A-Z a-z 0-9 . _ : -), else made up; echoed in the answer under the same name.
  // "" turns request ids off.
  std::string request_id_header = "X-Request-ID";
  ServerLimits limits;
};

// The thread counts that 0 ("auto") stands for on this machine.
unsigned effective_io_threads(const ServerOptions& options);
unsigned effective_hash_threads(const ServerOptions& options);

}  // namespace restjwt
