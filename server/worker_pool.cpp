#include "worker_pool.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <utility>

#include <pthread.h>
#include <sys/resource.h>

namespace restjwt::detail {

WorkerPool::WorkerPool(std::string name, unsigned threads, std::size_t max_queued,
                       ServerEvents& events, int nice)
    : name_(std::move(name)), max_queued_(max_queued), nice_(nice), events_(events) {
  threads_.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) {
    threads_.emplace_back([this] { run(); });
    // Linux limits thread names to 15 characters.
    pthread_setname_np(threads_.back().native_handle(), name_.substr(0, 15).c_str());
  }
}

WorkerPool::~WorkerPool() { shutdown(); }

WorkerPool::Submitted WorkerPool::try_submit(std::function<void()> job) {
  {
    const std::lock_guard lock(mutex_);
    // Jobs that an idle thread picks up at once do not wait; `max_queued` bounds the others.
    if (stopping_ || queue_.size() >= idle_ + max_queued_) {
      return std::exchange(refusing_, true) ? Submitted::kRefused : Submitted::kFirstRefusal;
    }
    queue_.push_back(std::move(job));
    refusing_ = false;
  }
  ready_.notify_one();
  return Submitted::kQueued;
}

void WorkerPool::shutdown() {
  std::deque<std::function<void()>> dropped;
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    dropped.swap(queue_);
  }
  ready_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
  // `dropped` is destroyed here, outside the lock: a job's captures (a session) may do work
  // when released.
}

std::size_t WorkerPool::queued() const {
  const std::lock_guard lock(mutex_);
  return queue_.size() > idle_ ? queue_.size() - idle_ : 0;
}

bool WorkerPool::full() const {
  const std::lock_guard lock(mutex_);
  return stopping_ || queue_.size() >= idle_ + max_queued_;
}

void WorkerPool::run() {
  if (nice_ != 0) {
    // On Linux, PRIO_PROCESS with a thread id sets that thread's niceness alone. Raising it
    // needs no privilege; a failure only leaves the thread at the process's priority.
    const auto self = static_cast<id_t>(gettid());
    errno = 0;
    const int current = getpriority(PRIO_PROCESS, self);
    if (errno != 0 || setpriority(PRIO_PROCESS, self, std::min(current + nice_, 19)) != 0) {
      events_.log(LogLevel::kWarning, name_ + " pool: cannot lower a thread's priority: " +
                                          std::generic_category().message(errno));
    }
  }
  std::unique_lock lock(mutex_);
  for (;;) {
    ++idle_;
    ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    --idle_;
    if (stopping_) return;
    std::function<void()> job = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    job();
    job = nullptr;  // release captures before taking the lock again
    lock.lock();
  }
}

}  // namespace restjwt::detail
