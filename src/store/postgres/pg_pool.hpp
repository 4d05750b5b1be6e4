// A bounded pool of PostgreSQL connections. At most `capacity` exist (the server's
// max_connections is shared by every node); a caller waits up to acquire_timeout for one, then
// gets kUnavailable. Broken connections are dropped, not returned, and replaced on demand: that
// is how the store recovers after PostgreSQL restarts.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/postgres/pg_connection.hpp"

namespace restjwt::detail::pg {

class Pool {
 public:
  using Factory = std::function<StoreResult<std::unique_ptr<Connection>>()>;

  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> connection, bool reused)
        : pool_(pool), connection_(std::move(connection)), reused_(reused) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }
    // Borrowed idle rather than opened for this call: it may have died unnoticed while idle.
    [[nodiscard]] bool reused() const { return reused_; }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> connection_;
    bool reused_;
  };

  Pool(Factory factory, std::size_t capacity, std::chrono::milliseconds acquire_timeout);
  // Keeps a connection that is already open (the one that validated the schema).
  void add(std::unique_ptr<Connection> connection);
  StoreResult<Lease> acquire();
  // One prepared statement on a leased connection, run again once on a new connection when the
  // idle one it was given turns out dead (PostgreSQL restarted meanwhile): the statement did not
  // reach the server. For restjwt's own tables, whose every statement may run twice.
  StoreResult<Result> run_prepared(std::size_t index, const std::string& sql, const Params& params,
                                   std::string_view what);

 private:
  void give_back(std::unique_ptr<Connection> connection);

  Factory factory_;
  std::size_t capacity_;
  std::chrono::milliseconds acquire_timeout_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;  // idle + lent + being opened
};

}  // namespace restjwt::detail::pg
