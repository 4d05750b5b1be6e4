// RemoteJwks: the fetched keys on an immutable snapshot (lookups take no lock), the fetch schedule,
// and the thread that keeps to it.
#include "restjwt/remote_jwks.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "restjwt/jwk.hpp"
#include "restjwt/jwt.hpp"

namespace restjwt {
namespace {

using TimePoint = std::chrono::steady_clock::time_point;

// A replaced snapshot outlives any lookup that could still read it by this much.
constexpr std::chrono::minutes kSnapshotKeptFor{10};

struct JwksSnapshot {
  std::vector<RemoteKey> keys;
};

std::int64_t milliseconds_of(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// "kid-a, kid-b" (each once; a JWK without kid shows as "(no kid)"), for messages.
std::string kids_of(const std::vector<RemoteKey>& keys) {
  std::vector<std::string> seen;
  for (const auto& key : keys) {
    const std::string shown = key.kid.empty() ? "(no kid)" : key.kid;
    if (std::find(seen.begin(), seen.end(), shown) == seen.end()) seen.push_back(shown);
  }
  std::string kids;
  for (const auto& kid : seen) kids += (kids.empty() ? "" : ", ") + kid;
  return kids.empty() ? "no usable key" : kids;
}

}  // namespace

Expected<std::vector<RemoteKey>, std::string> parse_jwks(std::string_view text,
                                                         std::span<const Algorithm> algorithms) {
  const auto document = parse_json_object_strict(text);
  const auto keys = document ? document->find("keys") : Claims::const_iterator();
  if (!document || keys == document->end() || !keys->is_array()) {
    return unexpected(std::string("not a JSON Web Key Set ({\"keys\": [...]})"));
  }
  std::vector<RemoteKey> usable;
  for (const auto& jwk : *keys) {
    if (!jwk.is_object()) continue;
    const auto kid_member = jwk.find("kid");
    const std::string kid = kid_member != jwk.end() && kid_member->is_string()
                                ? kid_member->get<std::string>()
                                : std::string();
    const auto alg = jwk.find("alg");
    for (const Algorithm algorithm : algorithms) {
      if (alg != jwk.end() && *alg != to_string(algorithm)) continue;
      auto key = key_from_jwk(nlohmann::json::parse(jwk.dump()), algorithm);
      if (key) usable.push_back(RemoteKey{kid, std::move(*key)});
    }
  }
  return usable;
}

struct RemoteJwks::Impl {
  RemoteJwksOptions options;
  JwksFetcher fetcher;
  std::shared_ptr<Events> events;
  MonotonicClock clock;

  std::atomic<const JwksSnapshot*> current{nullptr};
  std::unique_ptr<const JwksSnapshot> live;
  std::vector<std::pair<TimePoint, std::unique_ptr<const JwksSnapshot>>> kept;

  std::mutex mutex;  // everything below, and publishing
  std::condition_variable wake;
  bool stopping = false;
  bool wanted = false;  // a fetch asked for by an unknown kid
  TimePoint next_fetch{};
  std::optional<TimePoint> fetched_at;
  // Unknown kids ask for a fetch no sooner than this (steady milliseconds), without the mutex.
  std::atomic<std::int64_t> next_refetch_allowed{0};
  std::thread thread;

  void publish(std::vector<RemoteKey> keys) {
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(kept, [now](const auto& old) { return now - old.first > kSnapshotKeptFor; });
    auto next = std::make_unique<const JwksSnapshot>(JwksSnapshot{std::move(keys)});
    current.store(next.get(), std::memory_order_release);
    if (live) kept.emplace_back(now, std::move(live));
    live = std::move(next);
  }

  void ask_for_fetch() {
    const std::int64_t now = milliseconds_of(clock());
    std::int64_t allowed = next_refetch_allowed.load(std::memory_order_relaxed);
    const auto interval = std::chrono::milliseconds(options.refetch_min_interval).count();
    if (now < allowed || !next_refetch_allowed.compare_exchange_strong(allowed, now + interval)) {
      return;
    }
    {
      const std::lock_guard lock(mutex);
      wanted = true;
    }
    wake.notify_one();
  }
};

RemoteJwks::RemoteJwks(RemoteJwksOptions options, JwksFetcher fetcher,
                       std::shared_ptr<Events> events, MonotonicClock clock)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->fetcher = std::move(fetcher);
  impl_->events = events ? std::move(events) : ignore_events();
  impl_->clock = std::move(clock);
  impl_->publish({});
}

RemoteJwks::~RemoteJwks() {
  {
    const std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
}

Expected<void, std::string> RemoteJwks::fetch() {
  Impl& impl = *impl_;
  const TimePoint attempt = impl.clock();
  auto text = impl.fetcher();
  auto keys = text ? parse_jwks(*text, impl.options.algorithms)
                   : Expected<std::vector<RemoteKey>, std::string>(unexpected(text.error()));
  const std::lock_guard lock(impl.mutex);
  if (!keys) {
    // Stale keys keep working while the issuer cannot be reached; tried again soon.
    impl.next_fetch = attempt + impl.options.refetch_min_interval;
    const std::size_t kept = impl.current.load()->keys.size();
    impl.events->key_fault(
        "remote key set " + impl.options.name + ": " + keys.error() +
        (kept > 0 ? "; the " + std::to_string(kept) + " keys fetched before keep working"
                  : std::string("; its tokens are refused until it is "
                                "fetched")));
    return unexpected(keys.error());
  }
  const std::string before = kids_of(impl.current.load()->keys);
  const std::string after = kids_of(*keys);
  if (keys->empty()) {
    impl.events->key_fault("remote key set " + impl.options.name +
                           " has no key for the accepted algorithms");
  }
  impl.publish(std::move(*keys));
  impl.fetched_at = attempt;
  impl.next_fetch = attempt + impl.options.cache_lifetime - impl.options.refresh_before;
  if (after != before) {
    impl.events->keys_changed("remote key set " + impl.options.name + ": " + after);
  }
  return {};
}

std::chrono::steady_clock::time_point RemoteJwks::run_due() {
  Impl& impl = *impl_;
  bool due = false;
  {
    const std::lock_guard lock(impl.mutex);
    due = impl.wanted || impl.clock() >= impl.next_fetch;
    impl.wanted = false;
  }
  if (due) (void)fetch();  // a failure is reported by fetch()
  const std::lock_guard lock(impl.mutex);
  return impl.wanted ? impl.clock() : impl.next_fetch;
}

void RemoteJwks::start() {
  Impl& impl = *impl_;
  if (impl.thread.joinable()) return;
  impl.thread = std::thread([this, &impl] {
    std::unique_lock lock(impl.mutex);
    while (!impl.stopping) {
      const TimePoint next = impl.wanted ? impl.clock() : impl.next_fetch;
      impl.wake.wait_until(lock, next, [&impl] { return impl.stopping || impl.wanted; });
      if (impl.stopping) break;
      lock.unlock();
      (void)run_due();
      lock.lock();
    }
  });
}

Expected<Key> RemoteJwks::verification_key(std::optional<std::string_view> kid,
                                           std::string_view alg) const {
  const auto algorithm = algorithm_from_name(alg);
  const auto& allowed = impl_->options.algorithms;
  if (!algorithm || std::find(allowed.begin(), allowed.end(), *algorithm) == allowed.end()) {
    return unexpected(ErrorCode::kAlgorithmNotAllowed);
  }
  const JwksSnapshot& snapshot = *impl_->current.load(std::memory_order_acquire);
  const RemoteKey* found = nullptr;
  bool kid_known = false;
  std::size_t candidates = 0;
  for (const auto& key : snapshot.keys) {
    if (kid && key.kid != *kid) continue;
    kid_known = true;
    if (key.key.algorithm() != *algorithm) continue;
    found = &key;
    ++candidates;
  }
  // Without kid, only a set with a single key of that algorithm says which key it is.
  if (found != nullptr && (kid || candidates == 1)) return found->key;
  if (kid && kid_known) return unexpected(ErrorCode::kAlgorithmNotAllowed);
  if (kid) impl_->ask_for_fetch();  // perhaps a key the issuer has just published
  return unexpected(ErrorCode::kKeyUnknown);
}

Expected<SigningKey> RemoteJwks::signing_key() const { return unexpected(ErrorCode::kInternal); }

std::size_t RemoteJwks::key_count() const {
  return impl_->current.load(std::memory_order_acquire)->keys.size();
}

}  // namespace restjwt
