// Internal to the server: what the listener hands each accepted connection.
#pragma once

#include <atomic>

#include <boost/asio/ip/tcp.hpp>

#include "connection_registry.hpp"
#include "restjwt/server_events.hpp"
#include "restjwt/server_options.hpp"
#include "restjwt/view.hpp"
#include "worker_pool.hpp"

namespace restjwt::detail {

// Shared by every connection of one Server; owned by it and outliving every session.
struct ServerContext {
  const RequestHandler& handler;
  const ServerOptions& options;
  ServerEvents& events;
  WorkerPool& hash_pool;
  WorkerPool& db_pool;
  ConnectionRegistry& registry;
  // From stop() on: every answer closes its connection (clients reconnect elsewhere).
  std::atomic<bool> draining{false};
};

// Serves HTTP/1.1 on `socket` (whose executor must be a strand) until the client leaves, a
// limit is hit or the server stops.
void start_session(boost::asio::ip::tcp::socket socket, ServerContext& context);

}  // namespace restjwt::detail
