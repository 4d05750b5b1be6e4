// ConnectionRegistry's choice of the connection that makes room at max_connections, and its
// lock: a connection may lose its last other owner on another thread while the registry looks at
// it, and its destructor then calls remove(), which takes the registry's lock.
#include "connection_registry.hpp"

#include <chrono>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace restjwt::detail {
namespace {

using namespace std::chrono_literals;
using Waiting = Connection::Waiting;

class FakeConnection final : public Connection {
 public:
  FakeConnection(ConnectionRegistry& registry, Waiting waiting)
      : registry_(registry), waiting_(waiting) {}
  ~FakeConnection() override {
    if (id_) registry_.remove(*id_);
  }
  void on_server_stop() override {}
  Waiting waiting() const override {
    // The session finishing on its own thread while the registry looks: its last other owner
    // goes away now.
    if (drop_owner_on_look_) drop_owner_on_look_->reset();
    return waiting_;
  }
  void evict_if_idle() override { evicted_ = true; }

  std::optional<std::uint64_t> id_;
  bool evicted_ = false;
  std::shared_ptr<Connection>* drop_owner_on_look_ = nullptr;

 private:
  ConnectionRegistry& registry_;
  Waiting waiting_;
};

std::shared_ptr<FakeConnection> add(ConnectionRegistry& registry, Waiting waiting) {
  auto connection = std::make_shared<FakeConnection>(registry, waiting);
  connection->id_ = registry.add(connection);
  return connection;
}

TEST(ConnectionRegistry, TheOldestSilentConnectionMakesRoomFirst) {
  ConnectionRegistry registry;
  auto busy = add(registry, Waiting::kNo);
  auto keep_alive = add(registry, Waiting::kBetweenRequests);
  auto oldest_silent = add(registry, Waiting::kForFirstRequest);
  std::vector<std::shared_ptr<FakeConnection>> newer_silent;
  for (int i = 0; i < 20; ++i) newer_silent.push_back(add(registry, Waiting::kForFirstRequest));
  ASSERT_TRUE(registry.evict_one_idle());
  EXPECT_TRUE(oldest_silent->evicted_);
  EXPECT_FALSE(keep_alive->evicted_);
  EXPECT_FALSE(busy->evicted_);
  for (const auto& c : newer_silent) EXPECT_FALSE(c->evicted_);
}

TEST(ConnectionRegistry, AnIdleKeepAliveConnectionGoesWhenNoneIsSilent) {
  ConnectionRegistry registry;
  auto busy = add(registry, Waiting::kNo);
  auto older = add(registry, Waiting::kBetweenRequests);
  auto newer = add(registry, Waiting::kBetweenRequests);
  ASSERT_TRUE(registry.evict_one_idle());
  EXPECT_TRUE(older->evicted_);
  EXPECT_FALSE(newer->evicted_);
  registry.remove(*older->id_);
  older->id_.reset();
  registry.remove(*newer->id_);
  newer->id_.reset();
  EXPECT_FALSE(registry.evict_one_idle());  // only a busy one is left
}

TEST(ConnectionRegistry, AConnectionReleasedWhileExaminedIsDestroyedOutsideTheLock) {
  // Leaked on failure: a deadlocked thread may still be using it.
  auto* registry = new ConnectionRegistry;
  std::shared_ptr<Connection> owner = add(*registry, Waiting::kNo);
  auto* fake = static_cast<FakeConnection*>(owner.get());
  auto survivor = add(*registry, Waiting::kBetweenRequests);
  fake->drop_owner_on_look_ = &owner;  // the registry's own reference becomes the last one
  // On a thread of its own, left behind should it deadlock (a future of std::async would wait).
  std::promise<bool> evicted;
  auto done = evicted.get_future();
  std::thread([registry, evicted = std::move(evicted)]() mutable {
    evicted.set_value(registry->evict_one_idle());
  }).detach();
  ASSERT_EQ(done.wait_for(10s), std::future_status::ready)
      << "evict_one_idle() deadlocked: a connection's destructor ran under the registry's lock";
  EXPECT_TRUE(done.get());
  EXPECT_TRUE(survivor->evicted_);
  EXPECT_EQ(registry->size(), 1U);  // the released connection removed itself
  survivor.reset();
  EXPECT_EQ(registry->size(), 0U);
  delete registry;
}

}  // namespace
}  // namespace restjwt::detail
