#include "store/postgres/pg_pool.hpp"

#include <string>

namespace restjwt::detail::pg {

Pool::Lease::~Lease() {
  if (connection_ != nullptr) pool_->give_back(std::move(connection_));
}

Pool::Pool(Factory factory, std::size_t capacity, std::chrono::milliseconds acquire_timeout)
    : factory_(std::move(factory)),
      capacity_(capacity == 0 ? 1 : capacity),
      acquire_timeout_(acquire_timeout) {}

void Pool::add(std::unique_ptr<Connection> connection) {
  const std::lock_guard lock(mutex_);
  ++open_;
  idle_.push_back(std::move(connection));
  available_.notify_one();
}

StoreResult<Pool::Lease> Pool::acquire() {
  const auto deadline = std::chrono::steady_clock::now() + acquire_timeout_;
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      lock.unlock();
      if (connection->still_usable()) return Lease(this, std::move(connection), true);
      connection.reset();  // closed outside the lock; its slot is freed below
      lock.lock();
      --open_;
      continue;
    }
    if (open_ < capacity_) {
      ++open_;
      lock.unlock();
      // Connecting (up to connect_timeout) must not hold the pool's lock.
      auto connection = factory_();
      if (!connection) {
        lock.lock();
        --open_;
        available_.notify_one();
        return unexpected(connection.error());
      }
      return Lease(this, std::move(*connection), false);
    }
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= capacity_) {
      return unexpected(StoreError{StoreError::Kind::kUnavailable,
                                   "all " + std::to_string(capacity_) +
                                       " database connections stayed busy for " +
                                       std::to_string(acquire_timeout_.count()) + " ms"});
    }
  }
}

void Pool::give_back(std::unique_ptr<Connection> connection) {
  const bool keep = connection->healthy();
  if (!keep) connection.reset();  // PQfinish outside the lock
  const std::lock_guard lock(mutex_);
  if (keep) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;
  }
  available_.notify_one();
}

StoreResult<Result> Pool::run_prepared(std::size_t index, const std::string& sql,
                                       const Params& params, std::string_view what) {
  for (int attempt = 0;; ++attempt) {
    auto lease = acquire();
    if (!lease) return unexpected(lease.error());
    auto result = (*lease)->run_prepared(index, sql, params, what);
    const bool retry = !result && attempt == 0 && lease->reused() && !(*lease)->healthy() &&
                       result.error().kind == StoreError::Kind::kUnavailable;
    if (!retry) return result;
  }
}

}  // namespace restjwt::detail::pg
