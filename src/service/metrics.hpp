// Metrics: the server's counters, gauges and histograms, rendered in Prometheus' text format for
// /metrics (docs/operations.md lists them). Counting costs a few relaxed atomic additions: each
// thread counts in its own shard (no cache line is fought over) and a scrape adds the shards up.
// Labels never hold a username, a token or a client address: routes are the configured paths,
// methods and statuses come from fixed lists (anything else is "other"). Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "restjwt/error.hpp"
#include "restjwt/events.hpp"

namespace restjwt::detail {

// What is read at scrape time rather than counted.
struct MetricGauges {
  std::size_t open_connections = 0;
  std::size_t hash_queued = 0;
  std::size_t db_queued = 0;
  std::uint64_t log_lines_dropped = 0;
  bool ready = true;
};

class Metrics {
 public:
  // `routes`: the paths whose requests are told apart (the rest are "other"); fixed at start-up.
  explicit Metrics(std::vector<std::string> routes);
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  void request(std::string_view route, std::string_view method, int status,
               std::chrono::microseconds latency) noexcept;
  void login(LoginOutcome outcome) noexcept;
  void token_refused(ErrorCode code, Surface surface) noexcept;
  void password_upgraded(bool written) noexcept;
  void queue_full(std::string_view pool) noexcept;
  void database_call(std::string_view operation, std::chrono::microseconds latency,
                     bool failed) noexcept;
  void fault(std::string_view kind) noexcept;  // "store", "throttle", "key", "internal"

  // The whole exposition, # HELP and # TYPE included.
  std::string render(const MetricGauges& gauges) const;

  struct Shard;

 private:
  Shard& shard() const noexcept;

  const std::vector<std::string> routes_;
  std::unique_ptr<Shard[]> shards_;
};

}  // namespace restjwt::detail
