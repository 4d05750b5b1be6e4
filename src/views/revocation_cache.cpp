#include "views/revocation_cache.hpp"

#include <functional>

namespace restjwt::detail {

RevocationCache::RevocationCache()
    : filters_{std::make_unique<Filter>(), std::make_unique<Filter>()},
      active_(filters_[0].get()) {}

RevocationCache::~RevocationCache() = default;

void RevocationCache::set_bit(Filter& filter, std::size_t hash) {
  const std::size_t bit = hash % kFilterBits;
  filter[bit / 64].fetch_or(std::uint64_t{1} << (bit % 64), std::memory_order_release);
}

void RevocationCache::remember(const std::string& key, std::int64_t time) {
  const std::size_t hash = std::hash<std::string>{}(key);
  Shard& shard = shard_for(hash);
  {
    const std::unique_lock lock(shard.mutex);
    const auto [it, added] = shard.times.try_emplace(key, time);
    if (added) {
      size_.fetch_add(1, std::memory_order_relaxed);
    } else if (it->second < time) {
      it->second = time;
    }
  }
  for (const auto& filter : filters_) set_bit(*filter, hash);
}

std::optional<std::int64_t> RevocationCache::find(const std::string& key) const {
  const std::size_t hash = std::hash<std::string>{}(key);
  const std::size_t bit = hash % kFilterBits;
  const Filter& filter = *active_.load(std::memory_order_acquire);
  if ((filter[bit / 64].load(std::memory_order_acquire) & (std::uint64_t{1} << (bit % 64))) == 0) {
    return std::nullopt;
  }
  const Shard& shard = shard_for(hash);
  const std::shared_lock lock(shard.mutex);
  const auto it = shard.times.find(key);
  if (it == shard.times.end()) return std::nullopt;
  return it->second;
}

void RevocationCache::forget_below(std::int64_t limit, std::int64_t now) {
  const std::lock_guard rebuild(rebuild_mutex_);
  for (Shard& shard : shards_) {
    const std::unique_lock lock(shard.mutex);
    const auto gone =
        std::erase_if(shard.times, [limit](const auto& entry) { return entry.second < limit; });
    if (gone > 0) {
      size_.fetch_sub(gone, std::memory_order_relaxed);
      keys_dropped_ = true;
    }
  }
  if (!keys_dropped_ || now - last_rebuild_ < kRebuildSpacing) return;
  Filter& spare =
      *(active_.load(std::memory_order_relaxed) == filters_[0].get() ? filters_[1] : filters_[0]);
  for (auto& word : spare) word.store(0, std::memory_order_relaxed);
  for (Shard& shard : shards_) {
    const std::shared_lock lock(shard.mutex);
    for (const auto& entry : shard.times) set_bit(spare, std::hash<std::string>{}(entry.first));
  }
  active_.store(&spare, std::memory_order_release);
  last_rebuild_ = now;
  keys_dropped_ = false;
}

}  // namespace restjwt::detail
