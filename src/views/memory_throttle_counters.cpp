// Throttle counters in memory: one node. Sharded maps so concurrent logins rarely share a lock;
// LoginThrottle sweeps stale keys once a minute, so memory stays bounded by recent traffic.
#include <array>
#include <mutex>
#include <unordered_map>

#include "restjwt/throttle.hpp"

namespace restjwt {
namespace {

class MemoryThrottleCounters final : public ThrottleCounters {
 public:
  StoreResult<std::uint64_t> hit(const std::string& key, std::int64_t window_start) override {
    Shard& shard = shard_for(key);
    const std::lock_guard lock(shard.mutex);
    Entry& entry = shard.entries[key];
    if (window_start > entry.window_start) {
      entry.window_start = window_start;
      entry.hits = 0;
    }
    return ++entry.hits;
  }

  StoreResult<std::int64_t> blocked_until(const std::string& key) override {
    Shard& shard = shard_for(key);
    const std::lock_guard lock(shard.mutex);
    const auto it = shard.entries.find(key);
    return it == shard.entries.end() ? 0 : it->second.blocked_until;
  }

  StoreResult<std::uint32_t> add_failure(const std::string& key, std::int64_t now,
                                         std::int64_t forget_before) override {
    Shard& shard = shard_for(key);
    const std::lock_guard lock(shard.mutex);
    Entry& entry = shard.entries[key];
    if (entry.last_failure < forget_before) entry.failures = 0;
    entry.last_failure = now;
    return ++entry.failures;
  }

  StoreResult<bool> set_blocked_until(const std::string& key, std::int64_t until) override {
    Shard& shard = shard_for(key);
    const std::lock_guard lock(shard.mutex);
    shard.entries[key].blocked_until = until;
    return true;
  }

  StoreResult<bool> reset_failures(const std::string& key) override {
    Shard& shard = shard_for(key);
    const std::lock_guard lock(shard.mutex);
    return shard.entries.erase(key) > 0;
  }

  StoreResult<std::uint64_t> sweep(const ThrottleSweep& forget) override {
    std::uint64_t dropped = 0;
    for (Shard& shard : shards_) {
      const std::lock_guard lock(shard.mutex);
      dropped += std::erase_if(shard.entries, [&](const auto& item) {
        const Entry& e = item.second;
        return e.window_start < forget.windows_before && e.last_failure < forget.failures_before &&
               e.blocked_until <= forget.now;
      });
    }
    return dropped;
  }

 private:
  struct Entry {
    std::int64_t window_start = 0;
    std::uint64_t hits = 0;
    std::uint32_t failures = 0;
    std::int64_t last_failure = 0;
    std::int64_t blocked_until = 0;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;
  };

  Shard& shard_for(const std::string& key) {
    return shards_[std::hash<std::string>{}(key) % shards_.size()];
  }

  std::array<Shard, 16> shards_;
};

}  // namespace

std::unique_ptr<ThrottleCounters> make_memory_throttle_counters() {
  return std::make_unique<MemoryThrottleCounters>();
}

}  // namespace restjwt
