// New keys for the ring, and its scheduled rotation: each step one atomic write that any node may
// make and only one wins (KeyStore), so nodes racing on the same schedule never make two active
// or two next keys.
#include <algorithm>

#include "jose/key_ring_impl.hpp"
#include "jose/key_seal.hpp"
#include "restjwt/jwk.hpp"

namespace restjwt {
namespace {

const StoredKey* find_state(const std::vector<StoredKey>& keys, KeyState state) {
  const auto it = std::find_if(keys.begin(), keys.end(),
                               [state](const StoredKey& k) { return k.state == state; });
  return it == keys.end() ? nullptr : &*it;
}

std::string describe(const StoredKey& key) {
  return key.kid + " (" + std::string(to_string(key.algorithm)) + ")";
}

}  // namespace

std::int64_t retired_key_expires_at(const StoredKey& key, std::chrono::seconds token_lifetime) {
  if (key.state != KeyState::kRetired) return 0;
  return key.retired_at + token_lifetime.count();
}

Expected<StoredKey, std::string> import_stored_key(Algorithm algorithm, std::string_view text,
                                                   KeyState state, std::int64_t now,
                                                   const std::string& kek) {
  auto key = key_from_text(algorithm, text);
  if (!key) return unexpected(std::move(key).error());
  if (!key->can_sign())
    return unexpected(std::string("a public key cannot sign: give the private key"));
  StoredKey stored;
  stored.kid = jwk_thumbprint(*key);
  stored.algorithm = algorithm;
  stored.state = state;
  stored.created_at = now;
  stored.activated_at = state == KeyState::kActive ? now : 0;
  stored.public_pem = public_key_pem(*key);
  if (kek.empty()) {
    stored.secret = std::string(text);
  } else {
    auto sealed = detail::seal_secret(kek, stored.kid, text);
    if (!sealed) return unexpected(std::move(sealed).error());
    stored.secret = std::move(*sealed);
  }
  return stored;
}

Expected<StoredKey, std::string> make_stored_key(Algorithm algorithm, KeyState state,
                                                 std::int64_t now, const std::string& kek) {
  auto text = generate_key_text(algorithm);
  if (!text) return unexpected(std::move(text).error());
  return import_stored_key(algorithm, *text, state, now, kek);
}

Expected<void, std::string> KeyRing::rotate() {
  Impl& impl = *impl_;
  const KeyRingOptions& o = impl.options;
  auto keys = impl.store->load();
  if (!keys) return unexpected("cannot read the key ring: " + keys.error().message);
  const std::int64_t now = impl.clock();
  const StoredKey* active = find_state(*keys, KeyState::kActive);
  const StoredKey* next = find_state(*keys, KeyState::kNext);
  const auto failed = [](const StoreError& e) {
    return unexpected("cannot change the key ring: " + e.message);
  };
  // Whichever node's write lands first does the step; the others' writes change nothing.
  const auto add = [&](KeyState state) -> Expected<void, std::string> {
    auto made = make_stored_key(o.algorithm, state, now, o.kek);
    if (!made) return unexpected(std::move(made).error());
    auto inserted = impl.store->insert(*made);
    if (!inserted) return failed(inserted.error());
    if (*inserted) {
      impl.events->keys_changed("key " + describe(*made) + " generated as the " +
                                std::string(to_string(state)) + " key");
    }
    return {};
  };
  const auto switch_to = [&](const StoredKey& key) -> Expected<void, std::string> {
    auto switched = impl.store->activate(key.kid, active != nullptr ? active->kid : "", now);
    if (!switched) return failed(switched.error());
    if (*switched) {
      impl.events->keys_changed("key " + describe(key) + " activated" +
                                (active != nullptr ? ", " + active->kid + " retired" : ""));
    }
    return {};
  };
  Expected<void, std::string> step;
  if (active == nullptr) {
    // Nothing signs: the next key at once if there is one (no token can be lost by it), else new.
    step = next != nullptr ? switch_to(*next) : add(KeyState::kActive);
  } else if (o.rotate_every.count() > 0) {
    const std::int64_t due = active->activated_at + o.rotate_every.count();
    if (next == nullptr && now >= due - o.publish_ahead.count()) {
      step = add(KeyState::kNext);
    } else if (next != nullptr && now >= due && now >= next->created_at + o.publish_ahead.count()) {
      step = switch_to(*next);
    }
  }
  if (!step) return step;
  for (const auto& key : *keys) {
    const std::int64_t expires = retired_key_expires_at(key, o.token_lifetime);
    if (expires == 0 || now < expires) continue;
    auto removed = impl.store->remove(key.kid);
    if (!removed) return failed(removed.error());
    if (*removed) {
      impl.events->keys_changed("key " + describe(key) +
                                " removed: the last token it signed has expired");
    }
  }
  return reload();
}

}  // namespace restjwt
