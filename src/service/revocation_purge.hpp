// The revocation tables' housekeeping: a thread that deletes, every [revocation] purge_interval,
// the rows that no longer refuse any token (expired token ids, cut-offs older than the longest
// refresh chain), so that the tables and every node's cache stay as small as the revocations in
// force. Several nodes purging the same tables is harmless: a DELETE of what is gone deletes
// nothing.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "restjwt/clock.hpp"
#include "restjwt/events.hpp"
#include "restjwt/revocation_store.hpp"
#include "restjwt/settings.hpp"

namespace restjwt::detail {

class RevocationPurge {
 public:
  // Starts the thread; `store` must outlive this object. A failed purge is reported to
  // Events::store_fault ("purge_revocations") and tried again at the next interval.
  RevocationPurge(RevocationStore& store, const Settings& settings, Clock clock,
                  std::shared_ptr<Events> events, std::chrono::seconds interval);
  RevocationPurge(const RevocationPurge&) = delete;
  RevocationPurge& operator=(const RevocationPurge&) = delete;
  ~RevocationPurge();  // stops and joins the thread

  // One purge now, on the calling thread: how many rows went (what the thread runs).
  StoreResult<std::uint64_t> purge_once();

 private:
  void run();

  RevocationStore& store_;
  Settings settings_;
  Clock clock_;
  std::shared_ptr<Events> events_;
  std::chrono::seconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace restjwt::detail
