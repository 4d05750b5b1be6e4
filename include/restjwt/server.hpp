// Server: the HTTP/1.1 front of an Application, or of any RequestHandler (Boost.Beast inside, none
// of it in this header).
//
// - N I/O threads (ServerOptions::io_threads) accept and parse requests and write responses; each
//   thread runs its own event loop, and a connection stays on one loop. Keep-alive and
//   pipelining: requests on one connection are read one after the other and answered in order.
// - The handler's route() (on the I/O thread) decides where a request runs: kInline on the I/O
//   thread; kDatabase on the database pool; kPasswordHash on the hashing pool. When a pool's queue
//   is full the request is answered with the handler's unavailable() (503) at once.
// - HEAD: the handler answers as for GET; the server sends the headers with the Content-Length of
//   that body, and not the body.
// - Limits of ServerLimits: 431, 413 (from Content-Length, before the body is read), 400 and
//   close for a malformed request or ambiguous framing (two Content-Lengths, Content-Length with
//   Transfer-Encoding, a Transfer-Encoding other than chunked), timeouts that close the
//   connection, and a cap on open connections (the next one gets 503 and is closed).
// - stop(): with a drain_delay, first keep serving for that long while draining() is true (a
//   load balancer's readiness check sees it and stops sending new clients) and every answer closes
//   its connection; then stop accepting, close idle connections, let requests in flight finish
//   (up to shutdown_timeout, with Connection: close), and return from wait().
//
// Thread safety: stop() may be called from any thread, any number of times; wait() from one.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "restjwt/expected.hpp"
#include "restjwt/server_events.hpp"
#include "restjwt/server_options.hpp"
#include "restjwt/view.hpp"

namespace restjwt {

class Server {
 public:
  // Binds the listening socket (SO_REUSEADDR, IPv4 or IPv6) and starts the I/O and pool threads.
  // `handler` must outlive the Server. The error is one line: "cannot listen on 127.0.0.1:8000:
  // Address already in use".
  // `events` hears of every request and of every condition worth a log line (nobody when null).
  static Expected<std::unique_ptr<Server>, std::string> start(
      const ServerOptions& options, const RequestHandler& handler,
      std::shared_ptr<ServerEvents> events = nullptr);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  // stop(), then wait().
  ~Server();

  // Where it listens, with the port the kernel chose when the configured one was 0.
  BindAddress local_address() const;

  // What the server is doing now, for readiness checks and metrics. Thread-safe.
  struct Stats {
    std::size_t open_connections = 0;
    std::size_t hash_queued = 0;   // password hashes waiting for a thread
    std::size_t db_queued = 0;     // database requests waiting for a thread
    bool hash_queue_full = false;  // the next login would be answered 503
    bool db_queue_full = false;
    bool draining = false;
  };
  Stats stats() const;

  // Graceful stop; returns at once.
  void stop();
  // True from stop() on: the server is draining or stopping. Thread-safe.
  bool draining() const;

  struct SignalHandlers {
    std::function<void()> on_stop;    // called once, when a stop begins (also by stop())
    std::function<void()> on_reload;  // SIGHUP; empty: SIGHUP is ignored (it never stops us)
  };
  // SIGINT and SIGTERM call stop(); a second one cuts the remaining connections at once. SIGHUP
  // calls on_reload on a server thread (keep it short: load and swap). The handlers must stay
  // valid until wait() returns.
  void stop_on_signals(SignalHandlers handlers = {});
  // Blocks until the server has stopped and its I/O threads have returned.
  void wait();

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace restjwt
