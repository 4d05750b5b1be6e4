#include "worker_pool.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>

#include <gtest/gtest.h>
#include <sys/resource.h>

namespace restjwt::detail {
namespace {

ServerEvents events_;  // the pools' warnings go nowhere in these tests

using namespace std::chrono_literals;

TEST(WorkerPool, RunsJobsOnItsThreads) {
  WorkerPool pool("test-pool", 2, 8, events_);
  std::promise<std::thread::id> ran;
  ASSERT_EQ(pool.try_submit([&] { ran.set_value(std::this_thread::get_id()); }),
            WorkerPool::Submitted::kQueued);
  auto id = ran.get_future();
  ASSERT_EQ(id.wait_for(5s), std::future_status::ready);
  EXPECT_NE(id.get(), std::this_thread::get_id());
}

TEST(WorkerPool, ItsThreadsRunAtTheAddedNiceness) {
  const int base = getpriority(PRIO_PROCESS, 0);
  WorkerPool pool("test-pool", 1, 8, events_, 7);
  std::promise<int> seen;
  ASSERT_EQ(pool.try_submit(
                [&] { seen.set_value(getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()))); }),
            WorkerPool::Submitted::kQueued);
  auto nice = seen.get_future();
  ASSERT_EQ(nice.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(nice.get(), std::min(base + 7, 19));
  EXPECT_EQ(getpriority(PRIO_PROCESS, 0), base) << "the calling thread must keep its priority";
}

TEST(WorkerPool, RefusesJobsBeyondTheQueueBound) {
  WorkerPool pool("test-pool", 1, 2, events_);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> started{0};
  const auto blocked = [&] {
    ++started;
    released.wait();
  };
  ASSERT_EQ(pool.try_submit(blocked), WorkerPool::Submitted::kQueued);  // runs
  for (int i = 0; i < 500 && started.load() == 0; ++i) std::this_thread::sleep_for(1ms);
  ASSERT_EQ(started.load(), 1);
  EXPECT_EQ(pool.try_submit(blocked), WorkerPool::Submitted::kQueued);  // waits
  EXPECT_EQ(pool.try_submit(blocked), WorkerPool::Submitted::kQueued);  // waits
  EXPECT_EQ(pool.queued(), 2U);
  // The queue is full: the first refusal of the episode says so, the next ones do not.
  EXPECT_EQ(pool.try_submit(blocked), WorkerPool::Submitted::kFirstRefusal);
  EXPECT_EQ(pool.try_submit(blocked), WorkerPool::Submitted::kRefused);
  release.set_value();
  pool.shutdown();
}

TEST(WorkerPool, ZeroQueueAcceptsOnlyWhatAnIdleThreadTakes) {
  WorkerPool pool("test-pool", 1, 0, events_);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> started{false};
  const auto blocked = [&started, released] {
    started = true;
    released.wait();
  };
  bool accepted = false;  // right after construction the thread may not be waiting yet
  for (int i = 0; i < 500 && !accepted; ++i) {
    accepted = pool.try_submit(blocked) == WorkerPool::Submitted::kQueued;
    if (!accepted) std::this_thread::sleep_for(1ms);
  }
  ASSERT_TRUE(accepted);
  for (int i = 0; i < 500 && !started.load(); ++i) std::this_thread::sleep_for(1ms);
  EXPECT_NE(pool.try_submit([] {}), WorkerPool::Submitted::kQueued);
  release.set_value();
}

TEST(WorkerPool, ShutdownDropsQueuedJobsAndRefusesNewOnes) {
  WorkerPool pool("test-pool", 1, 4, events_);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> ran{0};
  ASSERT_EQ(pool.try_submit([&] {
    released.wait();
    ++ran;
  }),
            WorkerPool::Submitted::kQueued);
  std::this_thread::sleep_for(20ms);
  ASSERT_EQ(pool.try_submit([&] { ++ran; }), WorkerPool::Submitted::kQueued);
  std::thread stopper([&] { pool.shutdown(); });
  std::this_thread::sleep_for(20ms);
  release.set_value();
  stopper.join();
  EXPECT_EQ(ran.load(), 1);
  EXPECT_NE(pool.try_submit([] {}), WorkerPool::Submitted::kQueued);
}

}  // namespace
}  // namespace restjwt::detail
