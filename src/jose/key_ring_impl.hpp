// The inside of a KeyRing, shared by its lookups and reloads (key_ring.cpp) and its scheduled
// rotation (key_rotation.cpp).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "restjwt/key_ring.hpp"

namespace restjwt {

// One usable key of a snapshot. `stored` is the row as read, to tell a changed one.
struct RingKey {
  StoredKey stored;
  Key verification;
  std::optional<Key> signing;   // absent when its secret cannot be opened (verifies only)
  std::string signing_problem;  // why, then
  // base64url of the header its tokens carry, {"typ":"JWT","alg":…,"kid":…}: such a header is
  // matched byte for byte, without decoding it.
  std::string header_segment;
};

// What lookups read: immutable once published.
struct KeySnapshot {
  std::vector<RingKey> keys;  // active first, then next, then retired (newest first)
  const RingKey* active = nullptr;
  std::string jwks;
  std::vector<std::string> algorithms;
};

struct KeyRing::Impl {
  std::shared_ptr<KeyStore> store;
  KeyRingOptions options;
  Clock clock;
  std::shared_ptr<Events> events;
  KeyRing* owner = nullptr;  // for the poller, which the KeyRing's destructor joins

  // Lookups load this without a lock. A replaced snapshot is kept a while (kept_) rather than
  // freed, because a lookup may still be reading it: lookups copy what they need in nanoseconds.
  std::atomic<const KeySnapshot*> current{nullptr};
  std::mutex publish_mutex;  // reload() against reload()
  std::unique_ptr<const KeySnapshot> live;
  std::vector<std::pair<std::chrono::steady_clock::time_point, std::unique_ptr<const KeySnapshot>>>
      kept;

  // The poller.
  std::mutex poll_mutex;
  std::condition_variable poll_wake;
  bool stopping = false;
  bool woken = false;
  std::chrono::milliseconds poll_interval{0};
  std::atomic<std::int64_t> next_wake_allowed{
      0};  // steady-clock ms: unknown kids wake it this rarely
  std::thread poller;

  void publish(std::unique_ptr<const KeySnapshot> next);
  void wake_for_unknown_kid();
  void poll_until_stopped();
  // The entry of `stored` as the live snapshot has it, when the row did not change.
  const RingKey* unchanged(const StoredKey& stored) const;
  // True when `rows` are exactly the live snapshot's keys.
  bool same_as_live(const std::vector<StoredKey>& rows) const;
};

}  // namespace restjwt
