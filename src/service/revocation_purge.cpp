#include "service/revocation_purge.hpp"

#include "restjwt/token_revocations.hpp"

namespace restjwt::detail {
namespace {

// Only what the purge needs of the settings: never a copy of the keys.
Settings lifetimes_of(const Settings& settings) {
  Settings lifetimes;
  lifetimes.verify_expiration = settings.verify_expiration;
  lifetimes.leeway = settings.leeway;
  lifetimes.expiration_delta = settings.expiration_delta;
  lifetimes.allow_refresh = settings.allow_refresh;
  lifetimes.refresh_expiration_delta = settings.refresh_expiration_delta;
  return lifetimes;
}

}  // namespace

RevocationPurge::RevocationPurge(RevocationStore& store, const Settings& settings, Clock clock,
                                 std::shared_ptr<Events> events, std::chrono::seconds interval)
    : store_(store),
      settings_(lifetimes_of(settings)),
      clock_(std::move(clock)),
      events_(events ? std::move(events) : ignore_events()),
      interval_(interval) {
  thread_ = std::thread([this] { run(); });
}

RevocationPurge::~RevocationPurge() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

StoreResult<std::uint64_t> RevocationPurge::purge_once() {
  const std::int64_t now = clock_();
  return store_.purge_expired(now, cutoffs_expire_before(settings_, now));
}

void RevocationPurge::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    if (auto purged = purge_once(); !purged) {
      events_->store_fault("purge_revocations", purged.error());
    }
    lock.lock();
  }
}

}  // namespace restjwt::detail
