// Login throttling (issue 7): rate limits on obtain per client address and per username, checked
// before any password hashing, plus an exponential back-off for repeated failures of one
// username. Soft by design: every block ends by itself (at most `backoff_max`), so nobody can lock
// a victim out for good, and a successful login clears the username's failures.
//
// Over the limit the obtain view answers DRF's throttled response:
//   429 {"detail":"Request was throttled. Expected available in N seconds."}  Retry-After: N
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "restjwt/clock.hpp"
#include "restjwt/http.hpp"
#include "restjwt/user_store.hpp"

namespace restjwt {

// DRF's rate syntax: "<requests>/<period>" with period s, sec, m, min, h, hour, d, day (DRF
// reads the first letter).
struct ThrottleRate {
  std::uint32_t requests = 0;
  std::chrono::seconds period{0};
};
std::optional<ThrottleRate> parse_throttle_rate(std::string_view text);

struct ThrottleSettings {  // [throttle] in the config
  bool enabled = true;
  std::optional<ThrottleRate> address_rate = ThrottleRate{30, std::chrono::minutes(1)};
  std::optional<ThrottleRate> username_rate = ThrottleRate{10, std::chrono::minutes(1)};
  // Failures of one username before the back-off starts; then it waits base × 2^(extra failures),
  // capped at max.
  std::uint32_t failures_before_backoff = 5;
  std::chrono::seconds backoff_base{1};
  std::chrono::seconds backoff_max{std::chrono::minutes(15)};
  // Peers whose X-Forwarded-For is believed (exact IP literals). The client is the right-most
  // X-Forwarded-For hop that is not a trusted proxy; from any other peer the header is ignored.
  std::vector<std::string> trusted_proxies;
};

// Where the counters live: memory (one node) or the shared database (several nodes). Updates are
// atomic. Thread-safe.
class ThrottleCounters {
 public:
  virtual ~ThrottleCounters() = default;
  // Counts one request for `key` in the fixed window starting at `window_start` (epoch seconds)
  // and returns the count in that window, this request included.
  virtual StoreResult<std::uint64_t> hit(const std::string& key, std::int64_t window_start) = 0;
  // The end of the back-off for `key` (epoch seconds), 0 when none.
  virtual StoreResult<std::int64_t> blocked_until(const std::string& key) = 0;
  // Counts a failure; returns the number of consecutive failures so far, this one included.
  virtual StoreResult<std::uint32_t> add_failure(const std::string& key) = 0;
  virtual StoreResult<bool> set_blocked_until(const std::string& key, std::int64_t until) = 0;
  // Forgets the failures and any back-off of `key`.
  virtual StoreResult<bool> reset_failures(const std::string& key) = 0;
};

std::unique_ptr<ThrottleCounters> make_memory_throttle_counters();

class LoginThrottle {
 public:
  LoginThrottle(ThrottleSettings settings, ThrottleCounters& counters, Clock clock);

  // The client address to throttle on (see trusted_proxies).
  std::string client_of(const HttpRequest& request) const;

  // Before hashing: nullopt to go on, else the seconds to wait. Counts this attempt. A counter
  // failure lets the request through (throttling must not become an outage) and is reported.
  std::optional<std::int64_t> check(const std::string& client, const std::string& username,
                                    StoreError* counter_error = nullptr) const;
  // After the password check.
  void record(const std::string& username, bool success) const;

  const ThrottleSettings& settings() const { return settings_; }

 private:
  ThrottleSettings settings_;
  ThrottleCounters& counters_;
  Clock clock_;
};

// DRF's throttled answer: 429 with Retry-After.
std::string throttled_message(std::int64_t wait_seconds);

}  // namespace restjwt
