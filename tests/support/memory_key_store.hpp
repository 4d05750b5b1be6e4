// A KeyStore in memory with the rules of the real ones (one active key, one next key, conditional
// activation), for tests of the key ring itself; the real stores pass the same contract
// (key_store_contract.hpp).
#pragma once

#include <algorithm>
#include <mutex>
#include <vector>

#include "restjwt/key_ring.hpp"

namespace restjwt::testing {

class MemoryKeyStore final : public KeyStore {
 public:
  StoreResult<std::vector<StoredKey>> load() override {
    const std::lock_guard lock(mutex_);
    if (failing) return unexpected(StoreError{StoreError::Kind::kUnavailable, "down"});
    return keys_;
  }
  StoreResult<bool> insert(const StoredKey& key) override {
    const std::lock_guard lock(mutex_);
    for (const auto& k : keys_) {
      if (k.kid == key.kid || (k.state == key.state && key.state != KeyState::kRetired)) {
        return false;
      }
    }
    keys_.push_back(key);
    return true;
  }
  StoreResult<bool> activate(const std::string& kid, const std::string& replaces,
                             std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    StoredKey* target = find(kid);
    StoredKey* active = nullptr;
    for (auto& k : keys_) {
      if (k.state == KeyState::kActive) active = &k;
    }
    if (kid == replaces || target == nullptr || target->state == KeyState::kActive ||
        (active != nullptr ? active->kid : "") != replaces) {
      return false;
    }
    if (active != nullptr) {
      active->state = KeyState::kRetired;
      active->retired_at = now;
    }
    target->state = KeyState::kActive;
    target->activated_at = now;
    target->retired_at = 0;
    return true;
  }
  StoreResult<bool> retire(const std::string& kid, std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    StoredKey* target = find(kid);
    if (target == nullptr || target->state != KeyState::kNext) return false;
    target->state = KeyState::kRetired;
    target->retired_at = now;
    return true;
  }
  StoreResult<bool> remove(const std::string& kid) override {
    const std::lock_guard lock(mutex_);
    return std::erase_if(keys_, [&](const StoredKey& k) {
             return k.kid == kid && k.state != KeyState::kActive;
           }) == 1;
  }

  bool failing = false;  // load() answers kUnavailable (set before concurrent use)

 private:
  StoredKey* find(const std::string& kid) {
    for (auto& k : keys_) {
      if (k.kid == kid) return &k;
    }
    return nullptr;
  }

  std::mutex mutex_;
  std::vector<StoredKey> keys_;
};

}  // namespace restjwt::testing
