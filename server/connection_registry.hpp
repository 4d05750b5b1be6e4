// ConnectionRegistry: the open connections, so that the server can count them (max_connections)
// and tell each one to finish when it stops (SIGTERM: finish requests in flight, close idle
// keep-alive connections at once).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace restjwt::detail {

// What the registry needs from a connection.
class Connection {
 public:
  virtual ~Connection() = default;
  // The server is stopping: close now when idle, else after the current response. Called from
  // any thread; the connection moves to its own strand.
  virtual void on_server_stop() = 0;
  // True while the connection waits, between two requests, for its client's next one.
  virtual bool idle_between_requests() const = 0;
  // Closes the connection if it is still idle between requests (on its own strand).
  virtual void evict_if_idle() = 0;
};

class ConnectionRegistry {
 public:
  // Thread-safe. The id to remove() with, or nullopt when the server is already stopping (the
  // caller closes the connection).
  std::optional<std::uint64_t> add(std::weak_ptr<Connection> connection);
  // Thread-safe; called by a connection's destructor.
  void remove(std::uint64_t id);

  std::size_t size() const;
  // At max_connections: asks one keep-alive connection idle between requests to close, so that
  // idle clients never starve new ones (issue 7 §3). False when none is idle.
  bool evict_one_idle();
  bool stopping() const;

  // Tells every open connection to finish, and calls `on_empty` once the last one is gone (at
  // once when there is none). `on_empty` runs on the thread that removes the last connection:
  // it must only post work.
  void begin_stop(std::function<void()> on_empty);
  // Drops the on_empty callback: the owner is going away and the connections left are being
  // destroyed with it.
  void disarm();

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections_;
  std::uint64_t next_id_ = 0;
  bool stopping_ = false;
  std::function<void()> on_empty_;
};

}  // namespace restjwt::detail
