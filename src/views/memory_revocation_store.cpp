// Revocations in memory: one node, forgotten at a restart. One mutex: revocations are rare
// (logouts), and TokenRevocations keeps the per-request reads off this store anyway.
#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "restjwt/revocation_store.hpp"

namespace restjwt {
namespace {

class MemoryRevocationStore final : public RevocationStore {
 public:
  StoreResult<void> revoke(const std::string& jti, std::int64_t expires_at,
                           std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    const auto [it, added] = token_ids_.try_emplace(jti, RevokedTokenId{jti, expires_at, now});
    if (!added) {
      it->second.expires_at = std::max(it->second.expires_at, expires_at);
      it->second.revoked_at = now;
    }
    return {};
  }

  StoreResult<bool> is_revoked(const std::string& jti) override {
    const std::lock_guard lock(mutex_);
    return token_ids_.contains(jti);
  }

  StoreResult<void> set_cutoff(const std::string& user_id, std::int64_t not_before) override {
    const std::lock_guard lock(mutex_);
    std::int64_t& cutoff = cutoffs_[user_id];
    cutoff = std::max(cutoff, not_before);
    return {};
  }

  StoreResult<std::int64_t> cutoff(const std::string& user_id) override {
    const std::lock_guard lock(mutex_);
    const auto it = cutoffs_.find(user_id);
    return it == cutoffs_.end() ? 0 : it->second;
  }

  StoreResult<RevocationChanges> changes_since(std::int64_t since, std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    RevocationChanges changes;
    for (const auto& [jti, row] : token_ids_) {
      if (row.revoked_at >= since && row.expires_at > now) changes.token_ids.push_back(row);
    }
    for (const auto& [user_id, not_before] : cutoffs_) {
      if (not_before >= since) changes.cutoffs.push_back(UserCutoff{user_id, not_before});
    }
    return changes;
  }

  StoreResult<std::uint64_t> purge_expired(std::int64_t now, std::int64_t cutoffs_before) override {
    const std::lock_guard lock(mutex_);
    const auto gone =
        std::erase_if(token_ids_,
                      [now](const auto& entry) { return entry.second.expires_at <= now; }) +
        std::erase_if(cutoffs_, [cutoffs_before](const auto& entry) {
          return entry.second < cutoffs_before;
        });
    return static_cast<std::uint64_t>(gone);
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, RevokedTokenId> token_ids_;
  std::unordered_map<std::string, std::int64_t> cutoffs_;
};

}  // namespace

std::unique_ptr<RevocationStore> make_memory_revocation_store() {
  return std::make_unique<MemoryRevocationStore>();
}

}  // namespace restjwt
