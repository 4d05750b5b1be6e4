// WorkerPool: a fixed set of threads running blocking jobs (password hashing, database calls) off
// the I/O threads, with a bounded queue. When the queue is full a job is refused at once, so
// overload turns into quick 503s instead of a queue whose wait grows without bound.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "restjwt/server_events.hpp"

namespace restjwt::detail {

class WorkerPool {
 public:
  // `max_queued` jobs may wait while all `threads` are busy; `name` names the threads (top, gdb).
  // `nice` (0-19) is added to the threads' niceness: the kernel then gives the CPU to the other
  // threads first when both want it (password hashing yields to token checks).
  // A thread whose priority cannot be lowered says so to `events`.
  WorkerPool(std::string name, unsigned threads, std::size_t max_queued, ServerEvents& events,
             int nice = 0);
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool();

  enum class Submitted : std::uint8_t {
    kQueued,
    kRefused,       // the queue is full (or the pool shut down); `job` is dropped
    kFirstRefusal,  // kRefused, the first since a job was last queued: worth one log line
  };
  // Thread-safe. A job must not throw.
  Submitted try_submit(std::function<void()> job);

  // Lets running jobs finish, drops the queued ones, joins the threads. Idempotent.
  void shutdown();

  std::size_t queued() const;
  // True when the next job would be refused.
  bool full() const;
  unsigned threads() const { return static_cast<unsigned>(threads_.size()); }
  const std::string& name() const { return name_; }

 private:
  void run();

  const std::string name_;
  const std::size_t max_queued_;
  const int nice_;
  ServerEvents& events_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  std::size_t idle_ = 0;  // threads waiting for a job
  bool stopping_ = false;
  bool refusing_ = false;  // since the last queued job
  std::vector<std::thread> threads_;
};

}  // namespace restjwt::detail
