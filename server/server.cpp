// Server: the listening socket, the I/O threads, the pools, and the orderly stop.
#include "restjwt/server.hpp"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "server_responses.hpp"
#include "session.hpp"

namespace restjwt {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using boost::system::error_code;

// When accept() fails for lack of file descriptors, retrying at once would spin.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

}  // namespace

// One event loop per I/O thread, each run by that thread alone: a connection lives on one loop
// from accept to close, so its handlers need no strand and no lock, and the threads never wake
// each other (one io_context shared by all threads made a quarter of the cycles futex waits and
// task switches under load).
struct IoLoop {
  net::io_context io{1};  // concurrency hint: one thread
  net::executor_work_guard<net::io_context::executor_type> work{net::make_work_guard(io)};
};

std::vector<std::unique_ptr<IoLoop>> make_loops(unsigned count) {
  std::vector<std::unique_ptr<IoLoop>> loops;
  for (unsigned i = 0; i < std::max(1U, count); ++i) loops.push_back(std::make_unique<IoLoop>());
  return loops;
}

// Members are destroyed bottom-up: everything that holds handlers on the loops goes before them,
// and `registry` outlives the loops because sessions destroyed with their pending handlers leave
// it.
struct Server::Impl {
  Impl(const ServerOptions& o, const RequestHandler& handler, std::shared_ptr<ServerEvents> e)
      : options(o),
        events(e ? std::move(e) : std::make_shared<ServerEvents>()),
        loops(make_loops(effective_io_threads(o))),
        hash_pool("hash", effective_hash_threads(o), o.hash_queue, *events, o.hash_nice),
        db_pool("db", std::max(1U, o.db_threads), o.db_queue, *events),
        context{handler, options, *events, hash_pool, db_pool, registry} {}

  Expected<void, std::string> listen();
  void run_threads();
  void accept();
  void on_accept(const error_code& ec, tcp::socket socket);
  void refuse(tcp::socket& socket);
  void stop();
  void close_listener();
  void watch_signals();
  void finish();
  void wait();

  const ServerOptions options;
  const std::shared_ptr<ServerEvents> events;
  detail::ConnectionRegistry registry;
  std::vector<std::unique_ptr<IoLoop>> loops;
  detail::WorkerPool hash_pool;
  detail::WorkerPool db_pool;
  detail::ServerContext context;
  // Stop, signals, the drain timer and the acceptor live on the first loop, never two at once.
  net::strand<net::io_context::executor_type> control{loops.front()->io.get_executor()};
  tcp::acceptor acceptor{net::make_strand(loops.front()->io)};
  std::size_t next_loop = 0;  // on the acceptor's strand: new connections go round the loops
  net::steady_timer accept_retry{acceptor.get_executor()};
  net::steady_timer drain_timer{control};
  std::optional<net::signal_set> signals;
  Server::SignalHandlers handlers;  // on `control`
  BindAddress local;
  std::atomic<bool> stop_requested{false};
  // Set on `control` by finish(); read anywhere. After it, `control` may be gone with `io`.
  std::atomic<bool> finished{false};
  bool refusing = false;  // on the acceptor's strand: logs once per overload episode
  std::mutex join_mutex;
  std::vector<std::thread> threads;
};

Expected<void, std::string> Server::Impl::listen() {
  const auto fail = [this](const error_code& ec) {
    return unexpected("cannot listen on " + options.bind.to_string() + ": " + ec.message());
  };
  error_code ec;
  const auto address = net::ip::make_address(options.bind.host, ec);
  if (ec) return fail(ec);
  const tcp::endpoint endpoint(address, options.bind.port);
  if (acceptor.open(endpoint.protocol(), ec); ec) return fail(ec);
  // A restart must not wait for the old connections' TIME_WAIT to expire.
  if (acceptor.set_option(net::socket_base::reuse_address(true), ec); ec) return fail(ec);
  if (acceptor.bind(endpoint, ec); ec) return fail(ec);
  if (acceptor.listen(net::socket_base::max_listen_connections, ec); ec) return fail(ec);
  const auto bound = acceptor.local_endpoint(ec);
  if (ec) return fail(ec);
  local = BindAddress{bound.address().to_string(), bound.port()};
  net::post(acceptor.get_executor(), [this] { accept(); });
  return {};
}

void Server::Impl::run_threads() {
  threads.reserve(loops.size());
  for (auto& loop : loops) {
    threads.emplace_back([this, &io = loop->io] {
      for (;;) {
        try {
          io.run();
          return;
        } catch (const std::exception& e) {  // a handler should never throw; keep serving
          events->log(LogLevel::kError,
                      std::string("I/O thread: unexpected exception: ") + e.what());
        }
      }
    });
  }
}

void Server::Impl::accept() {
  net::io_context& loop = loops[next_loop]->io;
  next_loop = (next_loop + 1) % loops.size();
  acceptor.async_accept(
      loop, [this](const error_code& ec, tcp::socket socket) { on_accept(ec, std::move(socket)); });
}

void Server::Impl::on_accept(const error_code& ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
  if (ec) {
    events->log(LogLevel::kWarning, "accept failed: " + ec.message() + "; retrying in " +
                                        std::to_string(kAcceptRetryDelay.count()) + " ms");
    accept_retry.expires_after(kAcceptRetryDelay);
    accept_retry.async_wait([this](const error_code& wait_ec) {
      if (!wait_ec && acceptor.is_open()) accept();
    });
    return;
  }
  // At the cap, an idle keep-alive connection makes room; only when every connection is busy
  // (or still sending its first request) is the new one refused.
  if (registry.size() >= options.limits.max_connections && !registry.evict_one_idle()) {
    refuse(socket);
  } else {
    refusing = false;
    detail::start_session(std::move(socket), context);
  }
  accept();
}

// Over max_connections: answer 503 without reading the request and close. The socket is fresh,
// so the short response fits its send buffer and a non-blocking write cannot stall the acceptor.
void Server::Impl::refuse(tcp::socket& socket) {
  if (!refusing) {
    events->log(LogLevel::kWarning, "max_connections (" +
                                        std::to_string(options.limits.max_connections) +
                                        ") reached: refusing new connections with 503");
    refusing = true;
  }
  error_code ignored;
  socket.non_blocking(true, ignored);
  const std::string_view bytes = detail::refused_connection_bytes();
  socket.write_some(net::buffer(bytes.data(), bytes.size()), ignored);
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

void Server::Impl::stop() {
  if (stop_requested.exchange(true)) return;
  context.draining.store(true);
  net::post(control, [this] {
    if (handlers.on_stop) handlers.on_stop();
    if (options.limits.drain_delay.count() == 0) return close_listener();
    events->log(LogLevel::kInfo, "draining for " +
                                     std::to_string(options.limits.drain_delay.count()) +
                                     " ms before the listener closes");
    drain_timer.expires_after(options.limits.drain_delay);
    drain_timer.async_wait([this](const error_code& ec) {
      if (!ec) close_listener();
    });
  });
}

// On `control`, once the drain delay is over: no new connection, and the ones left finish.
void Server::Impl::close_listener() {
  net::post(acceptor.get_executor(), [this] {
    error_code ignored;
    acceptor.close(ignored);
    accept_retry.cancel();
  });
  {
    drain_timer.expires_after(options.limits.shutdown_timeout);
    drain_timer.async_wait([this](const error_code& ec) {
      if (ec) return;
      events->log(LogLevel::kWarning, "shutdown_timeout reached: closing " +
                                          std::to_string(registry.size()) +
                                          " remaining connection(s)");
      finish();
    });
    // The last session may leave while `io` is being destroyed: post only while it runs.
    registry.begin_stop([this] {
      if (!finished.load()) net::post(control, [this] { finish(); });
    });
  }
}

void Server::Impl::watch_signals() {
  signals->async_wait([this](const error_code& ec, int signal) {
    if (ec) return;
    if (signal == SIGHUP) {
      if (handlers.on_reload) {
        events->log(LogLevel::kInfo, "SIGHUP received: reloading the configuration");
        handlers.on_reload();
      } else {
        events->log(LogLevel::kInfo, "SIGHUP received: nothing to reload");
      }
      return watch_signals();
    }
    const char* name = signal == SIGTERM ? "SIGTERM" : "SIGINT";
    if (!stop_requested.load()) {
      events->log(LogLevel::kInfo, std::string(name) +
                                       " received: finishing requests in flight (at most " +
                                       std::to_string(options.limits.shutdown_timeout.count()) +
                                       " ms), then exiting");
      stop();
      watch_signals();
    } else {
      events->log(LogLevel::kWarning,
                  std::string(name) + " received again: closing every connection now");
      finish();
    }
  });
}

// On `control`. Ends the I/O threads; what is still pending is destroyed with the loops.
void Server::Impl::finish() {
  if (finished.exchange(true)) return;
  drain_timer.cancel();
  if (signals) signals->cancel();
  for (auto& loop : loops) {
    loop->work.reset();
    loop->io.stop();
  }
}

void Server::Impl::wait() {
  const std::lock_guard lock(join_mutex);
  for (auto& thread : threads) {
    if (thread.joinable()) thread.join();
  }
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  try {
    impl_->stop();
    impl_->wait();
    // Queued jobs hold sessions; drop them while `io` still exists.
    impl_->hash_pool.shutdown();
    impl_->db_pool.shutdown();
    // The sessions still open are destroyed with `io`, after the members finish() uses.
    impl_->registry.disarm();
  } catch (const std::exception& e) {  // joining a thread or locking failed: nothing to undo
    impl_->events->log(LogLevel::kError, std::string("stopping the server: ") + e.what());
  }
}

Expected<std::unique_ptr<Server>, std::string> Server::start(const ServerOptions& options,
                                                             const RequestHandler& handler,
                                                             std::shared_ptr<ServerEvents> events) {
  auto impl = std::make_unique<Impl>(options, handler, std::move(events));
  if (auto ok = impl->listen(); !ok) return unexpected(ok.error());
  impl->run_threads();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

BindAddress Server::local_address() const { return impl_->local; }

void Server::stop() { impl_->stop(); }

bool Server::draining() const { return impl_->context.draining.load(); }

Server::Stats Server::stats() const {
  Stats stats;
  stats.open_connections = impl_->registry.size();
  stats.hash_queued = impl_->hash_pool.queued();
  stats.db_queued = impl_->db_pool.queued();
  stats.hash_queue_full = impl_->hash_pool.full();
  stats.db_queue_full = impl_->db_pool.full();
  stats.draining = draining();
  return stats;
}

void Server::stop_on_signals(SignalHandlers handlers) {
  // Installed on `control` (signals is only touched there) and waited for, so that a signal
  // arriving once this returns is handled rather than killing the process.
  if (impl_->stop_requested.load()) return;
  auto installed = std::make_shared<std::promise<void>>();
  net::post(impl_->control, [impl = impl_.get(), installed, handlers = std::move(handlers)] {
    if (!impl->signals && !impl->finished) {
      impl->handlers = handlers;
      impl->signals.emplace(impl->control, SIGINT, SIGTERM);
      impl->signals->add(SIGHUP);
      impl->watch_signals();
    }
    installed->set_value();
  });
  // Bounded: after a concurrent stop the I/O threads may be gone before running it.
  installed->get_future().wait_for(std::chrono::seconds(5));
}

void Server::wait() { impl_->wait(); }

}  // namespace restjwt
