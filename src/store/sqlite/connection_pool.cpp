#include "store/sqlite/connection_pool.hpp"

#include <sqlite3.h>

namespace restjwt::detail {

ConnectionPool::Lease::~Lease() {
  if (connection_ == nullptr) {
    return;  // moved from
  }
  // A transaction left open by a failed call would hold the write lock for the next borrower.
  if (sqlite3_get_autocommit(connection_->handle()) == 0) {
    sqlite3_exec(connection_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  pool_->give_back(std::move(connection_));
}

void ConnectionPool::add(std::unique_ptr<SqliteConnection> connection) {
  give_back(std::move(connection));
}

StoreResult<ConnectionPool::Lease> ConnectionPool::acquire() {
  {
    const std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(connection));
    }
  }
  // Opening happens outside the lock: it touches the file and may wait on busy_timeout.
  auto connection = factory_();
  if (!connection) {
    return unexpected(connection.error());
  }
  return Lease(this, std::move(*connection));
}

void ConnectionPool::give_back(std::unique_ptr<SqliteConnection> connection) {
  const std::lock_guard lock(mutex_);
  idle_.push_back(std::move(connection));
}

}  // namespace restjwt::detail
