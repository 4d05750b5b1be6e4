// Login throttling: rate limits on obtain per client address and per username, checked
// before any password hashing, plus an exponential back-off for repeated failures of one
// username. Soft by design: every block ends by itself (at most `backoff_max`), so nobody can lock
// a victim out for good, and a successful login clears the username's failures.
//
// Over the limit the obtain view answers DRF's throttled response:
//   429 {"detail":"Request was throttled. Expected available in N seconds."}  Retry-After: N
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "restjwt/clock.hpp"
#include "restjwt/events.hpp"
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

// The defaults keep drf-jwt's answers for every client that is not guessing passwords: the rate
// limits are off (behind a proxy not listed in trusted_proxies every client has the proxy's
// address, and a per-address limit would throttle the whole site), and only a run of failed
// logins of one username — guessing — is slowed down.
struct ThrottleSettings {  // [throttle] in the config
  bool enabled = true;
  std::optional<ThrottleRate> address_rate;   // e.g. 30/min; off by default (see above)
  std::optional<ThrottleRate> username_rate;  // e.g. 10/min; off by default
  // Failures of one username before the back-off starts; then it waits base × 2^(extra failures),
  // capped at max.
  std::uint32_t failures_before_backoff = 20;
  std::chrono::seconds backoff_base{1};
  std::chrono::seconds backoff_max{std::chrono::minutes(15)};
  // Peers whose X-Forwarded-For is believed (exact IP literals). The client is the right-most
  // X-Forwarded-For hop that is not a trusted proxy; from any other peer the header is ignored.
  std::vector<std::string> trusted_proxies;
};

// What ThrottleCounters::sweep may forget: rate windows that started before `windows_before`,
// failures last counted before `failures_before`, back-offs that ended by `now`. A row is dropped
// only when all three of its parts are forgotten.
struct ThrottleSweep {
  std::int64_t windows_before = 0;
  std::int64_t failures_before = 0;
  std::int64_t now = 0;
};

// Where the counters live: memory (one node, make_memory_throttle_counters) or a table of the
// shared database (several nodes; sqlite_throttle_counters.hpp, postgres_throttle_counters.hpp).
// Every update is one atomic step, so concurrent nodes never lose a count. Thread-safe. Times are
// epoch seconds.
class ThrottleCounters {
 public:
  virtual ~ThrottleCounters() = default;
  // Counts one request for `key` in the fixed window starting at `window_start` and returns the
  // count in that window, this request included. A later window starts again from 1.
  virtual StoreResult<std::uint64_t> hit(const std::string& key, std::int64_t window_start) = 0;
  // The end of the back-off for `key`, 0 when none.
  virtual StoreResult<std::int64_t> blocked_until(const std::string& key) = 0;
  // Counts a failure at `now` and returns the consecutive failures so far, this one included.
  // Failures counted before `forget_before` no longer count (the run starts again at 1).
  virtual StoreResult<std::uint32_t> add_failure(const std::string& key, std::int64_t now,
                                                 std::int64_t forget_before) = 0;
  virtual StoreResult<bool> set_blocked_until(const std::string& key, std::int64_t until) = 0;
  // Forgets the failures and any back-off of `key`; true when there were some.
  virtual StoreResult<bool> reset_failures(const std::string& key) = 0;
  // Drops state that no longer matters (see ThrottleSweep) and returns how many keys went, so
  // that counters stay bounded by recent traffic, also under a flood of invented usernames.
  virtual StoreResult<std::uint64_t> sweep(const ThrottleSweep& forget) = 0;
};

std::unique_ptr<ThrottleCounters> make_memory_throttle_counters();

class LoginThrottle {
 public:
  // Counter failures are reported to `events` (Events::throttle_fault) and never block a login.
  LoginThrottle(ThrottleSettings settings, ThrottleCounters& counters, Clock clock,
                std::shared_ptr<Events> events = ignore_events());

  // The client address to throttle on (see trusted_proxies).
  std::string client_of(const HttpRequest& request) const;

  // Before hashing: nullopt to go on, else the seconds to wait. Counts this attempt. A counter
  // failure lets the request through (throttling must not become an outage) and is reported.
  std::optional<std::int64_t> check(const std::string& client, const std::string& username) const;
  // After the password check.
  void record(const std::string& username, bool success) const;

  const ThrottleSettings& settings() const { return settings_; }

  // Failures further apart than this do not add up: four back-off maxima (an hour by default).
  [[nodiscard]] std::int64_t failure_memory_seconds() const;
  // A key is "<kind>:<value>" (kind addr, user or fail). When that is longer than this, or the
  // value has bytes outside printable ASCII, it is "<kind>#sha256:<hex of the value>" instead: an
  // invented 1 MB username costs the counters no more than a real one, and every database takes
  // the key as plain text.
  static constexpr std::size_t kMaxKeyBytes = 160;

 private:
  std::string key_of(std::string_view kind, std::string_view value) const;
  void sweep_now_and_then(std::int64_t now) const;

  ThrottleSettings settings_;
  ThrottleCounters& counters_;
  Clock clock_;
  std::shared_ptr<Events> events_;
  mutable std::atomic<std::int64_t> next_sweep_{0};
};

// DRF's throttled answer: 429 with Retry-After.
std::string throttled_message(std::int64_t wait_seconds);

}  // namespace restjwt
