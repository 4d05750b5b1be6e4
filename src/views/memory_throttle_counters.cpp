// Throttle counters in memory: one node. Sharded maps so concurrent logins rarely share a lock;
// stale windows are swept when a shard grows, so memory stays bounded by recent traffic.
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
    sweep(shard, window_start);
    Entry& entry = shard.entries[key];
    if (entry.window_start != window_start) {
      entry.window_start = window_start;
      entry.count = 0;
    }
    return ++entry.count;
  }

  StoreResult<std::int64_t> blocked_until(const std::string& key) override {
    Shard& shard = shard_for(key);
    const std::lock_guard lock(shard.mutex);
    const auto it = shard.entries.find(key);
    return it == shard.entries.end() ? 0 : it->second.blocked_until;
  }

  StoreResult<std::uint32_t> add_failure(const std::string& key) override {
    Shard& shard = shard_for(key);
    const std::lock_guard lock(shard.mutex);
    return ++shard.entries[key].failures;
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

 private:
  struct Entry {
    std::int64_t window_start = 0;
    std::uint64_t count = 0;
    std::uint32_t failures = 0;
    std::int64_t blocked_until = 0;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;
  };
  static constexpr std::size_t kSweepAbove = 50'000;

  Shard& shard_for(const std::string& key) { return shards_[std::hash<std::string>{}(key) % shards_.size()]; }

  // Drops rate entries of past windows that carry no failure state.
  static void sweep(Shard& shard, std::int64_t window_start) {
    if (shard.entries.size() < kSweepAbove) return;
    std::erase_if(shard.entries, [&](const auto& item) {
      const Entry& e = item.second;
      return e.window_start < window_start && e.failures == 0 && e.blocked_until == 0;
    });
  }

  std::array<Shard, 16> shards_;
};

}  // namespace

std::unique_ptr<ThrottleCounters> make_memory_throttle_counters() {
  return std::make_unique<MemoryThrottleCounters>();
}

}  // namespace restjwt
