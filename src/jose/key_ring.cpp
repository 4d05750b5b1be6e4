// KeyRing: lookups on an immutable snapshot, reloads that swap it, and the poller thread.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "jose/key_ring_impl.hpp"
#include "jose/key_seal.hpp"
#include "restjwt/base64url.hpp"
#include "restjwt/jwk.hpp"

namespace restjwt {
namespace {

using SteadyClock = std::chrono::steady_clock;

// A replaced snapshot outlives any lookup that could still read it by this much.
constexpr std::chrono::minutes kSnapshotKeptFor{10};

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             SteadyClock::now().time_since_epoch())
      .count();
}

int state_rank(KeyState state) {
  switch (state) {
    case KeyState::kActive:
      return 0;
    case KeyState::kNext:
      return 1;
    case KeyState::kRetired:
      return 2;
  }
  return 3;
}

bool same_row(const StoredKey& a, const StoredKey& b) {
  return a.kid == b.kid && a.algorithm == b.algorithm && a.state == b.state &&
         a.created_at == b.created_at && a.activated_at == b.activated_at &&
         a.retired_at == b.retired_at && a.public_pem == b.public_pem && a.secret == b.secret;
}

// The keys of one stored row: its secret opened and loaded; an asymmetric key whose secret cannot
// be opened still verifies with its public key.
Expected<RingKey, std::string> load_key(const StoredKey& stored, const std::string& kek) {
  auto secret = detail::open_secret(kek, stored.kid, stored.secret);
  std::optional<Key> signing;
  std::string signing_error;
  if (secret) {
    auto key = key_from_text(stored.algorithm, *secret);
    if (key && key->can_sign()) {
      signing = *key;
    } else {
      signing_error = key ? "not a private key" : key.error();
    }
  } else {
    signing_error = secret.error();
  }
  if (is_hmac(stored.algorithm)) {
    if (!signing) return unexpected(std::move(signing_error));
    return RingKey{stored, *signing, signing, {}, {}};
  }
  const std::string pem = !stored.public_pem.empty() ? stored.public_pem
                          : signing                  ? public_key_pem(*signing)
                                                     : std::string();
  auto verification = Key::from_pem(stored.algorithm, pem);
  if (!verification) {
    return unexpected(signing_error.empty() ? "its public key: " + verification.error()
                                            : std::move(signing_error));
  }
  return RingKey{stored, *verification, signing, signing ? std::string() : signing_error, {}};
}

// What encode_jwt(key, payload, kid) writes as the header, base64url-encoded.
std::string header_segment_of(const StoredKey& key) {
  return base64url_encode(R"({"typ":"JWT","alg":")" + std::string(to_string(key.algorithm)) +
                          R"(","kid":")" + key.kid + R"("})");
}

std::string jwks_of(const std::vector<RingKey>& keys) {
  std::string out = R"({"keys":[)";
  bool first = true;
  for (const auto& key : keys) {
    const auto jwk = public_jwk(key.verification, key.stored.kid);
    if (!jwk) continue;
    if (!first) out += ',';
    out += *jwk;
    first = false;
  }
  return out + "]}";
}

}  // namespace

std::string_view to_string(KeyState state) noexcept {
  switch (state) {
    case KeyState::kNext:
      return "next";
    case KeyState::kActive:
      return "active";
    case KeyState::kRetired:
      return "retired";
  }
  return "retired";
}

std::optional<KeyState> key_state_from_name(std::string_view name) noexcept {
  if (name == "next") return KeyState::kNext;
  if (name == "active") return KeyState::kActive;
  if (name == "retired") return KeyState::kRetired;
  return std::nullopt;
}

void KeyRing::Impl::publish(std::unique_ptr<const KeySnapshot> next) {
  const auto now = SteadyClock::now();
  std::erase_if(kept, [now](const auto& old) { return now - old.first > kSnapshotKeptFor; });
  current.store(next.get(), std::memory_order_release);
  if (live) kept.emplace_back(now, std::move(live));
  live = std::move(next);
}

bool KeyRing::Impl::same_as_live(const std::vector<StoredKey>& rows) const {
  return live && live->keys.size() == rows.size() &&
         std::all_of(rows.begin(), rows.end(),
                     [this](const StoredKey& row) { return unchanged(row) != nullptr; });
}

const RingKey* KeyRing::Impl::unchanged(const StoredKey& stored) const {
  if (!live) return nullptr;
  for (const auto& key : live->keys) {
    if (key.stored.kid == stored.kid) {
      // A key that could not sign is reloaded each time: its KEK may have arrived.
      return key.signing && same_row(key.stored, stored) ? &key : nullptr;
    }
  }
  return nullptr;
}

KeyRing::KeyRing(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

KeyRing::~KeyRing() {
  {
    const std::lock_guard lock(impl_->poll_mutex);
    impl_->stopping = true;
  }
  impl_->poll_wake.notify_all();
  if (impl_->poller.joinable()) impl_->poller.join();
}

Expected<std::shared_ptr<KeyRing>, std::string> KeyRing::open(std::shared_ptr<KeyStore> store,
                                                              KeyRingOptions options, Clock clock,
                                                              std::shared_ptr<Events> events,
                                                              bool create_first_key) {
  auto impl = std::make_unique<Impl>();
  impl->store = std::move(store);
  impl->options = std::move(options);
  impl->clock = std::move(clock);
  impl->events = events ? std::move(events) : ignore_events();
  std::shared_ptr<KeyRing> ring(new KeyRing(std::move(impl)));
  if (auto loaded = ring->reload(); !loaded) return unexpected(std::move(loaded).error());
  const KeySnapshot* snapshot = ring->impl_->current.load();
  if (create_first_key && snapshot->active == nullptr) {
    if (auto rotated = ring->rotate(); !rotated) return unexpected(std::move(rotated).error());
    snapshot = ring->impl_->current.load();
  }
  if (snapshot->active == nullptr) return unexpected(std::string("the key ring has no active key"));
  if (!snapshot->active->signing) {
    return unexpected("the active key " + snapshot->active->stored.kid +
                      " cannot sign: " + snapshot->active->signing_problem);
  }
  return ring;
}

Expected<void, std::string> KeyRing::reload() {
  Impl& impl = *impl_;
  auto rows = impl.store->load();
  if (!rows) return unexpected("cannot read the key ring: " + rows.error().message);
  std::sort(rows->begin(), rows->end(), [](const StoredKey& a, const StoredKey& b) {
    const int ra = state_rank(a.state);
    const int rb = state_rank(b.state);
    return ra != rb ? ra < rb : a.retired_at > b.retired_at;
  });
  const std::lock_guard lock(impl.publish_mutex);
  if (impl.same_as_live(*rows)) return {};
  auto next = std::make_unique<KeySnapshot>();
  std::string summary;
  for (const auto& row : *rows) {
    if (const RingKey* same = impl.unchanged(row)) {
      next->keys.push_back(*same);
    } else if (auto loaded = load_key(row, impl.options.kek)) {
      if (!loaded->signing) {
        impl.events->key_fault("key " + row.kid +
                               " verifies but cannot sign: " + loaded->signing_problem);
      }
      loaded->header_segment = header_segment_of(row);
      next->keys.push_back(std::move(*loaded));
    } else {
      impl.events->key_fault("key " + row.kid + " is left out of the ring: " + loaded.error());
      continue;
    }
    summary += (summary.empty() ? "" : ", ") + row.kid + " " + std::string(to_string(row.state));
  }
  for (const auto& key : next->keys) {
    if (key.stored.state == KeyState::kActive) next->active = &key;
    const std::string alg(to_string(key.stored.algorithm));
    if (std::find(next->algorithms.begin(), next->algorithms.end(), alg) ==
        next->algorithms.end()) {
      next->algorithms.push_back(alg);
    }
  }
  next->jwks = jwks_of(next->keys);
  impl.publish(std::move(next));
  impl.events->keys_changed("key ring: " + (summary.empty() ? "no keys" : summary));
  return {};
}

void KeyRing::Impl::wake_for_unknown_kid() {
  if (!poller.joinable()) return;
  const std::int64_t now = steady_ms();
  std::int64_t allowed = next_wake_allowed.load(std::memory_order_relaxed);
  if (now < allowed ||
      !next_wake_allowed.compare_exchange_strong(allowed, now + poll_interval.count())) {
    return;
  }
  {
    const std::lock_guard lock(poll_mutex);
    woken = true;
  }
  poll_wake.notify_one();
}

void KeyRing::Impl::poll_until_stopped() {
  std::unique_lock lock(poll_mutex);
  while (!stopping) {
    poll_wake.wait_for(lock, poll_interval, [this] { return stopping || woken; });
    if (stopping) break;
    woken = false;
    lock.unlock();
    // The KeyRing outlives its poller (the destructor joins it); rotate() reloads too.
    if (auto done = owner->rotate(); !done) events->key_fault(done.error());
    lock.lock();
  }
}

void KeyRing::start(std::chrono::milliseconds poll_interval) {
  if (impl_->poller.joinable()) return;
  impl_->poll_interval = poll_interval;
  impl_->owner = this;
  impl_->poller = std::thread([impl = impl_.get()] { impl->poll_until_stopped(); });
}

Expected<Key> KeyRing::verification_key(std::optional<std::string_view> kid,
                                        std::string_view alg) const {
  const KeySnapshot& snapshot = *impl_->current.load(std::memory_order_acquire);
  const RingKey* found = nullptr;
  if (!kid) {
    // A token without kid (signed before the ring was turned on, with the key since imported as
    // its first active key): the active key alone is tried, never every key.
    found = snapshot.active;
  } else {
    for (const auto& key : snapshot.keys) {
      if (key.stored.kid == *kid) {
        found = &key;
        break;
      }
    }
    // Perhaps a key another node just added: look at the store again soon (rate-limited).
    if (found == nullptr) impl_->wake_for_unknown_kid();
  }
  if (found == nullptr) return unexpected(ErrorCode::kKeyUnknown);
  if (to_string(found->stored.algorithm) != alg) return unexpected(ErrorCode::kAlgorithmNotAllowed);
  return found->verification;
}

std::optional<Key> KeyRing::key_for_own_header(std::string_view header_segment) const {
  const KeySnapshot& snapshot = *impl_->current.load(std::memory_order_acquire);
  for (const auto& key : snapshot.keys) {
    if (key.header_segment == header_segment) return key.verification;
  }
  return std::nullopt;
}

Expected<SigningKey> KeyRing::signing_key() const {
  const KeySnapshot& snapshot = *impl_->current.load(std::memory_order_acquire);
  if (snapshot.active == nullptr || !snapshot.active->signing) {
    impl_->events->key_fault("the key ring has no active key that can sign");
    return unexpected(ErrorCode::kInternal);
  }
  return SigningKey{*snapshot.active->signing, snapshot.active->stored.kid};
}

std::string KeyRing::jwks() const { return impl_->current.load(std::memory_order_acquire)->jwks; }

std::vector<std::string> KeyRing::algorithms() const {
  return impl_->current.load(std::memory_order_acquire)->algorithms;
}

}  // namespace restjwt
