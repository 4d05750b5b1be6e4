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
  enum class Waiting : std::uint8_t {
    kNo,               // reading, handling or writing a request
    kForFirstRequest,  // accepted, and its client has sent nothing yet
    kBetweenRequests,  // a keep-alive connection waiting for its client's next request
  };
  // What the connection is waiting for; read from any thread.
  virtual Waiting waiting() const = 0;
  // Closes the connection if it is still waiting for a request (on its own strand).
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
  // At max_connections: asks one connection that waits for a request to close, so that neither
  // idle keep-alive clients nor sockets that never send anything starve new ones. A connection
  // that has sent nothing yet goes first (a few hundred silent sockets are an attack, an idle
  // keep-alive client is not), the oldest first. False when every connection is busy.
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
