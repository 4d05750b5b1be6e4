#include "views/background_writes.hpp"

#include <algorithm>

namespace restjwt::detail {
namespace {

constexpr std::chrono::milliseconds kFirstRetry{250};
constexpr std::chrono::milliseconds kLongestRetry{60'000};

std::string_view operation_of(bool password) {
  return password ? "replace_password (password upgrade, retried in the background)"
                  : "update_last_login (retried in the background)";
}

}  // namespace

BackgroundWrites::BackgroundWrites(UserStore& store, std::shared_ptr<Events> events)
    : store_(store),
      events_(events ? std::move(events) : ignore_events()),
      thread_([this] { run(); }) {}

BackgroundWrites::~BackgroundWrites() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();  // a write in progress ends within the store's own timeout
}

void BackgroundWrites::upgrade_password(const UserId& id, std::string checked,
                                        std::string upgraded) {
  submit(Write{Write::Kind::kPassword, id, std::move(checked), std::move(upgraded)});
}

void BackgroundWrites::update_last_login(const UserId& id) {
  submit(Write{Write::Kind::kLastLogin, id, {}, {}});
}

void BackgroundWrites::submit(Write write) {
  const bool password = write.kind == Write::Kind::kPassword;
  {
    const std::lock_guard lock(mutex_);
    // The same write for the same user already waits (a second login): one suffices.
    const bool queued = std::any_of(writes_.begin(), writes_.end(), [&](const Write& w) {
      return w.kind == write.kind && w.id == write.id;
    });
    if (queued) return;
    if (writes_.size() < kMaxPending) {
      writes_.push_back(std::move(write));
      wake_.notify_one();
      return;
    }
  }
  events_->store_fault(operation_of(password), {StoreError::Kind::kUnavailable,
                                                "dropped: " + std::to_string(kMaxPending) +
                                                    " writes already wait for the database"});
  if (password) events_->password_upgraded(false);
}

std::size_t BackgroundWrites::pending() const {
  const std::lock_guard lock(mutex_);
  return writes_.size();
}

StoreResult<bool> BackgroundWrites::perform(const Write& write) {
  if (write.kind == Write::Kind::kPassword) {
    return store_.replace_password(write.id, write.checked, write.upgraded);
  }
  // Django's update_last_login saves with update_fields=["last_login"]: one column.
  return store_.update_last_login(write.id);
}

void BackgroundWrites::run() {
  std::unique_lock lock(mutex_);
  std::chrono::milliseconds retry = kFirstRetry;
  bool failing = false;  // reported once per episode, not once per attempt
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !writes_.empty(); });
    if (stopping_) return;
    const Write write = writes_.front();
    lock.unlock();
    const auto written = perform(write);
    lock.lock();
    const bool password = write.kind == Write::Kind::kPassword;
    if (written) {
      // Done — or, for a password, the hash changed meanwhile and the newer one wins.
      writes_.pop_front();
      if (password && *written) events_->password_upgraded(true);
      failing = false;
      retry = kFirstRetry;
      continue;
    }
    if (!failing) {
      events_->store_fault(operation_of(password), written.error());
      if (password) events_->password_upgraded(false);
      failing = true;
    }
    // The database refuses writes for now: try the same one again later (logins still work).
    wake_.wait_for(lock, retry, [this] { return stopping_; });
    retry = std::min(retry * 2, kLongestRetry);
  }
}

}  // namespace restjwt::detail
