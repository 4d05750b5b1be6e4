// LastLoginWriter: simplejwt's UPDATE_LAST_LOGIN ([users] update_last_login) off the request
// path. A successful obtain hands the user's id over and answers at once; one thread of the
// writer's own then writes last_login. The write is best-effort: a failure is reported to
// Events::store_fault("update_last_login", …) and the login stands; when the queue is full (the
// database stalls), the id is dropped and reported the same way.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "restjwt/events.hpp"
#include "restjwt/user.hpp"
#include "restjwt/user_store.hpp"

namespace restjwt::detail {

class LastLoginWriter {
 public:
  static constexpr std::size_t kMaxQueued = 1024;

  // `store` must outlive the writer.
  LastLoginWriter(UserStore& store, std::shared_ptr<Events> events);
  // Writes what is queued, then stops.
  ~LastLoginWriter();
  LastLoginWriter(const LastLoginWriter&) = delete;
  LastLoginWriter& operator=(const LastLoginWriter&) = delete;

  // Never blocks on the database. Thread-safe.
  void record(const UserId& id);

 private:
  void run();

  UserStore& store_;
  std::shared_ptr<Events> events_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<UserId> queue_;
  bool stopping_ = false;
  std::thread thread_;  // last: started once the rest exists
};

}  // namespace restjwt::detail
