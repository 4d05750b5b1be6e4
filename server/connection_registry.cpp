#include "connection_registry.hpp"

#include <utility>
#include <vector>

namespace restjwt::detail {

std::optional<std::uint64_t> ConnectionRegistry::add(std::weak_ptr<Connection> connection) {
  const std::lock_guard lock(mutex_);
  if (stopping_) return std::nullopt;
  const std::uint64_t id = next_id_++;
  connections_.emplace(id, std::move(connection));
  return id;
}

void ConnectionRegistry::remove(std::uint64_t id) {
  std::function<void()> on_empty;
  {
    const std::lock_guard lock(mutex_);
    if (connections_.erase(id) == 0) return;
    if (stopping_ && connections_.empty()) on_empty = std::exchange(on_empty_, nullptr);
  }
  if (on_empty) on_empty();
}

bool ConnectionRegistry::evict_one_idle() {
  // The oldest connection that has sent nothing yet, else the oldest idle keep-alive one: a
  // client that has just connected (its request perhaps already in the socket's buffer, not yet
  // read) is never chosen while an older silent socket is there. Ids grow with each accept.
  std::shared_ptr<Connection> victim;
  std::uint64_t victim_id = 0;
  bool victim_is_silent = false;
  // Every reference taken under the lock is released after it: releasing the last reference to
  // a connection (one that finished on another thread meanwhile) runs its destructor, which
  // calls remove() and takes the lock again.
  std::vector<std::shared_ptr<Connection>> examined;
  {
    const std::lock_guard lock(mutex_);
    examined.reserve(connections_.size());
    for (const auto& [id, weak] : connections_) {
      auto connection = weak.lock();
      if (!connection) continue;
      examined.push_back(connection);
      const auto waiting = connection->waiting();
      const bool silent = waiting == Connection::Waiting::kForFirstRequest;
      if (!silent && waiting != Connection::Waiting::kBetweenRequests) continue;
      const bool better = !victim || (silent && !victim_is_silent) ||
                          (silent == victim_is_silent && id < victim_id);
      if (better) {
        victim = std::move(connection);
        victim_id = id;
        victim_is_silent = silent;
      }
    }
  }
  if (!victim) return false;
  victim->evict_if_idle();  // outside the lock: the connection may remove() itself at once
  return true;
}

std::size_t ConnectionRegistry::size() const {
  const std::lock_guard lock(mutex_);
  return connections_.size();
}

bool ConnectionRegistry::stopping() const {
  const std::lock_guard lock(mutex_);
  return stopping_;
}

void ConnectionRegistry::begin_stop(std::function<void()> on_empty) {
  std::vector<std::shared_ptr<Connection>> live;
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    if (connections_.empty()) {
      on_empty_ = nullptr;
    } else {
      on_empty_ = std::move(on_empty);
      on_empty = nullptr;
    }
    for (const auto& [id, weak] : connections_) {
      if (auto connection = weak.lock()) live.push_back(std::move(connection));
    }
  }
  // Outside the lock: releasing the last reference to a connection runs its destructor, which
  // calls remove().
  for (const auto& connection : live) connection->on_server_stop();
  live.clear();
  if (on_empty) on_empty();
}

void ConnectionRegistry::disarm() {
  std::function<void()> dropped;
  const std::lock_guard lock(mutex_);
  dropped.swap(on_empty_);  // destroyed after the lock is released
}

}  // namespace restjwt::detail
