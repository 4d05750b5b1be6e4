// BackgroundWrites: the store writes a login must not wait for — the upgraded password hash
// (Django re-hashes an outdated hash when its password is checked) and, when configured,
// last_login (simplejwt's UPDATE_LAST_LOGIN). A thread of its own writes them in order, so a
// database that is locked or read-only only delays them. A write the database refuses is retried,
// with a pause that grows to a minute, until it succeeds — writes resume by themselves once the
// database takes them again. A hash changed meanwhile wins: UserStore::replace_password only
// writes over the hash that was checked.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "restjwt/events.hpp"
#include "restjwt/user_store.hpp"

namespace restjwt::detail {

class BackgroundWrites {
 public:
  // At most this many writes wait; more are dropped and reported (the user's next login queues
  // them again).
  static constexpr std::size_t kMaxPending = 10'000;

  // `store` must outlive the writer.
  BackgroundWrites(UserStore& store, std::shared_ptr<Events> events);
  // Stops the writer; what still waits is dropped (the next login queues it again).
  ~BackgroundWrites();
  BackgroundWrites(const BackgroundWrites&) = delete;
  BackgroundWrites& operator=(const BackgroundWrites&) = delete;

  // Each returns at once. Thread-safe.
  void upgrade_password(const UserId& id, std::string checked, std::string upgraded);
  void update_last_login(const UserId& id);

  // Writes not yet done (tests).
  std::size_t pending() const;

 private:
  struct Write {
    enum class Kind : std::uint8_t { kPassword, kLastLogin } kind;
    UserId id;
    std::string checked;
    std::string upgraded;
  };
  void submit(Write write);
  StoreResult<bool> perform(const Write& write);
  void run();

  UserStore& store_;
  std::shared_ptr<Events> events_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Write> writes_;
  bool stopping_ = false;
  std::thread thread_;  // last: started once the rest exists
};

}  // namespace restjwt::detail
