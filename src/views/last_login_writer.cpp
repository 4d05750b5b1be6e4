#include "views/last_login_writer.hpp"

#include <utility>

namespace restjwt::detail {

LastLoginWriter::LastLoginWriter(UserStore& store, std::shared_ptr<Events> events)
    : store_(store),
      events_(events ? std::move(events) : ignore_events()),
      thread_([this] { run(); }) {}

LastLoginWriter::~LastLoginWriter() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void LastLoginWriter::record(const UserId& id) {
  {
    const std::lock_guard lock(mutex_);
    if (queue_.size() < kMaxQueued) {
      queue_.push_back(id);
      wake_.notify_one();
      return;
    }
  }
  events_->store_fault(
      "update_last_login",
      {StoreError::Kind::kUnavailable, "last_login not written: " + std::to_string(kMaxQueued) +
                                           " logins are already waiting for the database"});
}

void LastLoginWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to write
    const UserId id = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    // Django's update_last_login saves with update_fields=["last_login"]: one column.
    if (auto written = store_.update_last_login(id); !written) {
      events_->store_fault("update_last_login", written.error());
    }
    lock.lock();
  }
}

}  // namespace restjwt::detail
