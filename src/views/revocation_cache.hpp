// The memory behind TokenRevocations: a set of keys (token ids, or users' ids) each with a time
// (when the revocation expires, or the user's cut-off), read on every token check and written by
// logouts and polls.
//
// A read that finds nothing — nearly every read — takes no lock: it tests one bit of a filter (a
// one-hash Bloom filter of the keys, 2 % false positives at 10,000 keys) and only on a hit looks
// in the sharded map under its shard's reader lock. Writers set the bit after the key is in the
// map. Keys are only dropped by forget_below(), which rebuilds the filter into the spare buffer
// and swaps it in; writers set bits in both buffers, so a key added during a rebuild is never
// missed. The buffer swapped out is reused at the next rebuild, at least kRebuildSpacing later:
// a reader would have to stall between loading the pointer and testing one bit for that long to
// read a buffer being rebuilt.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

namespace restjwt::detail {

class RevocationCache {
 public:
  static constexpr std::int64_t kRebuildSpacing = 60;  // seconds between two filter rebuilds

  RevocationCache();
  RevocationCache(const RevocationCache&) = delete;
  RevocationCache& operator=(const RevocationCache&) = delete;
  ~RevocationCache();

  // Adds `key`, or raises its time to `time` (never lowers it).
  void remember(const std::string& key, std::int64_t time);
  // The key's time, when it is there.
  [[nodiscard]] std::optional<std::int64_t> find(const std::string& key) const;
  // Drops the keys whose time is below `limit`; rebuilds the filter when some went and the last
  // rebuild is kRebuildSpacing before `now`.
  void forget_below(std::int64_t limit, std::int64_t now);
  [[nodiscard]] std::size_t size() const { return size_.load(std::memory_order_relaxed); }

 private:
  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kFilterBits = std::size_t{1} << 19;  // 64 KiB per buffer
  struct Shard {
    mutable std::shared_mutex mutex;
    std::unordered_map<std::string, std::int64_t> times;
  };
  using Filter = std::array<std::atomic<std::uint64_t>, kFilterBits / 64>;

  static void set_bit(Filter& filter, std::size_t hash);
  Shard& shard_for(std::size_t hash) const { return shards_[(hash >> 20) % kShards]; }

  mutable std::array<Shard, kShards> shards_;
  std::unique_ptr<Filter> filters_[2];
  std::atomic<const Filter*> active_;
  std::atomic<std::size_t> size_{0};
  std::mutex rebuild_mutex_;
  std::int64_t last_rebuild_ = 0;  // guarded by rebuild_mutex_
  bool keys_dropped_ = false;      // since the last rebuild; guarded by rebuild_mutex_
};

}  // namespace restjwt::detail
