// A small pool of SQLite connections: each call borrows one for its duration, so there are as
// many connections as concurrent callers (bounded by the server's blocking pool), each used by
// one thread at a time. Unlike thread_local connections, they all close with the store.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite/connection.hpp"

namespace restjwt::detail {

class ConnectionPool {
 public:
  using Factory = std::function<StoreResult<std::unique_ptr<SqliteConnection>>()>;

  // Hands a connection back to its pool when the call is done.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<SqliteConnection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    SqliteConnection& operator*() const { return *connection_; }
    SqliteConnection* operator->() const { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<SqliteConnection> connection_;
  };

  explicit ConnectionPool(Factory factory) : factory_(std::move(factory)) {}
  // Keeps a connection that is already open (the one that validated the schema).
  void add(std::unique_ptr<SqliteConnection> connection);
  // An idle connection, or a new one from the factory.
  StoreResult<Lease> acquire();

 private:
  void give_back(std::unique_ptr<SqliteConnection> connection);

  Factory factory_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;
};

}  // namespace restjwt::detail
