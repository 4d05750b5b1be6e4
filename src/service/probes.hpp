// The operator's routes: /healthz (the process answers), /readyz (it can serve: the database
// answers, the queues are not full, it is not draining) and /metrics (Prometheus' text format).
// Outside DRF's cycle: no content negotiation, no authentication; GET and HEAD only. Their paths
// are configurable ([server] health_path, ready_path, metrics_path; docs/operations.md).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "restjwt/server.hpp"
#include "restjwt/user_store.hpp"
#include "restjwt/view.hpp"
#include "service/metrics.hpp"

namespace restjwt::detail {

// Pings the database every `interval` on a thread of its own, so that /readyz answers at once
// from the last result, and sees a database that hangs: a ping still running after `timeout` is a
// failure. It recovers by itself when the database does.
class DatabaseMonitor {
 public:
  DatabaseMonitor(UserStore& store, std::chrono::milliseconds interval,
                  std::chrono::milliseconds timeout);
  ~DatabaseMonitor();
  DatabaseMonitor(const DatabaseMonitor&) = delete;
  DatabaseMonitor& operator=(const DatabaseMonitor&) = delete;

  // nullopt when the database answered in time; else why not.
  std::optional<std::string> problem() const;

 private:
  void run();

  UserStore& store_;
  const std::chrono::milliseconds interval_;
  const std::chrono::milliseconds timeout_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<std::string> problem_;
  std::optional<std::chrono::steady_clock::time_point> ping_started_;
  bool stopping_ = false;
  std::thread thread_;
};

// Why the service is not ready, or nullopt.
using Readiness = std::function<std::optional<std::string>()>;

std::shared_ptr<const View> make_health_view();
std::shared_ptr<const View> make_ready_view(Readiness readiness);
std::shared_ptr<const View> make_metrics_view(std::function<std::string()> render);

}  // namespace restjwt::detail
