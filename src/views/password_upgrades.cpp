#include "views/password_upgrades.hpp"

#include <algorithm>

namespace restjwt::detail {
namespace {

constexpr std::chrono::milliseconds kFirstRetry{250};
constexpr std::chrono::milliseconds kLongestRetry{60'000};

}  // namespace

PasswordUpgrades::PasswordUpgrades(UserStore& store, std::shared_ptr<Events> events)
    : store_(store),
      events_(events ? std::move(events) : ignore_events()),
      thread_([this] { run(); }) {}

PasswordUpgrades::~PasswordUpgrades() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();  // a write in progress ends within the store's own timeout
}

void PasswordUpgrades::submit(const UserId& id, std::string expected, std::string upgraded) {
  {
    const std::lock_guard lock(mutex_);
    // A second login of the same user before the first upgrade is written: one write suffices.
    const bool queued =
        std::any_of(jobs_.begin(), jobs_.end(), [&id](const Job& job) { return job.id == id; });
    if (queued) return;
    if (jobs_.size() >= kMaxPending) {
      events_->password_upgraded(false);
      return;
    }
    jobs_.push_back(Job{id, std::move(expected), std::move(upgraded)});
  }
  wake_.notify_one();
}

std::size_t PasswordUpgrades::pending() const {
  const std::lock_guard lock(mutex_);
  return jobs_.size();
}

void PasswordUpgrades::run() {
  std::unique_lock lock(mutex_);
  std::chrono::milliseconds retry = kFirstRetry;
  bool failing = false;  // reported once per episode, not once per attempt
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (stopping_) return;
    const Job job = jobs_.front();
    lock.unlock();
    const auto written = store_.replace_password(job.id, job.expected, job.upgraded);
    lock.lock();
    if (written) {
      // Written, or the hash changed meanwhile (a newer password wins): done either way.
      jobs_.pop_front();
      if (*written) events_->password_upgraded(true);
      failing = false;
      retry = kFirstRetry;
      continue;
    }
    if (!failing) {
      events_->store_fault("replace_password (password upgrade, retried in the background)",
                           written.error());
      events_->password_upgraded(false);
      failing = true;
    }
    // The database refuses writes for now: try the same one again later (a login still works).
    wake_.wait_for(lock, retry, [this] { return stopping_; });
    retry = std::min(retry * 2, kLongestRetry);
  }
}

}  // namespace restjwt::detail
