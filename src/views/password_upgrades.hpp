// PasswordUpgrades: the upgraded password hashes of logins (Django re-hashes an outdated hash
// when its password is checked), written in the background. A login never waits for the write:
// a database that is locked or read-only only delays it. A write that fails is retried, with a
// pause that grows to a minute, until it succeeds — so upgrades resume by themselves once the
// database is writable again — or until the stored hash has changed meanwhile (a password change
// wins; UserStore::replace_password only writes over the hash that was checked).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "restjwt/events.hpp"
#include "restjwt/user_store.hpp"

namespace restjwt::detail {

class PasswordUpgrades {
 public:
  // At most this many upgrades wait; more are dropped (the user's next login queues it again).
  static constexpr std::size_t kMaxPending = 10'000;

  PasswordUpgrades(UserStore& store, std::shared_ptr<Events> events);
  // Stops the writer; what is still waiting is dropped (the next login queues it again).
  ~PasswordUpgrades();
  PasswordUpgrades(const PasswordUpgrades&) = delete;
  PasswordUpgrades& operator=(const PasswordUpgrades&) = delete;

  // Queues the write of `upgraded` over `expected` for user `id`. Returns at once.
  void submit(const UserId& id, std::string expected, std::string upgraded);

  // Upgrades not yet written (tests, metrics).
  std::size_t pending() const;

 private:
  struct Job {
    UserId id;
    std::string expected;
    std::string upgraded;
  };
  void run();

  UserStore& store_;
  std::shared_ptr<Events> events_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace restjwt::detail
