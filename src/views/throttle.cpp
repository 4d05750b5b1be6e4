// LoginThrottle: DRF's rates per address and per username, and the back-off of one username's
// failures, over whichever ThrottleCounters the server chose (memory or the shared database).
#include "restjwt/throttle.hpp"

#include <algorithm>
#include <charconv>

#include <openssl/sha.h>

namespace restjwt {
std::optional<ThrottleRate> parse_throttle_rate(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::uint32_t requests = 0;
  const std::string_view number = text.substr(0, slash);
  const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), requests);
  if (ec != std::errc{} || ptr != number.data() + number.size() || requests == 0)
    return std::nullopt;
  const std::string_view unit = text.substr(slash + 1);
  static constexpr std::pair<std::string_view, std::int64_t> kUnits[] = {
      {"s", 1},       {"sec", 1},  {"second", 1},  {"m", 60},    {"min", 60},
      {"minute", 60}, {"h", 3600}, {"hour", 3600}, {"d", 86400}, {"day", 86400}};
  for (const auto& [name, seconds] : kUnits) {
    if (unit == name) return ThrottleRate{requests, std::chrono::seconds(seconds)};
  }
  return std::nullopt;
}

std::string throttled_message(std::int64_t wait_seconds) {
  // DRF: "Expected available in {wait} second(s)." with the wait rounded up.
  return "Request was throttled. Expected available in " + std::to_string(wait_seconds) +
         (wait_seconds == 1 ? " second." : " seconds.");
}

LoginThrottle::LoginThrottle(ThrottleSettings settings, ThrottleCounters& counters, Clock clock,
                             std::shared_ptr<Events> events)
    : settings_(std::move(settings)),
      counters_(counters),
      clock_(std::move(clock)),
      events_(events ? std::move(events) : ignore_events()) {}

std::string LoginThrottle::client_of(const HttpRequest& request) const {
  return restjwt::client_of(request, settings_.trusted_proxies);
}

std::int64_t LoginThrottle::failure_memory_seconds() const {
  return 4 * std::max<std::int64_t>(settings_.backoff_max.count(), 1);
}

std::string LoginThrottle::key_of(std::string_view kind, std::string_view value) const {
  std::string key;
  key.reserve(kind.size() + 1 + std::min(value.size(), kMaxKeyBytes));
  key.append(kind).append(":");
  const bool printable =
      std::all_of(value.begin(), value.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
  if (printable && kind.size() + 1 + value.size() <= kMaxKeyBytes) return key.append(value);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(value.data()), value.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  key.back() = '#';
  key.append("sha256:");
  for (const unsigned char byte : digest) {
    key.push_back(kHex[byte >> 4]);
    key.push_back(kHex[byte & 15]);
  }
  return key;
}

// One sweep a minute per node, by whichever request first finds it due; the others go on.
void LoginThrottle::sweep_now_and_then(std::int64_t now) const {
  constexpr std::int64_t kSweepEvery = 60;
  std::int64_t due = next_sweep_.load(std::memory_order_relaxed);
  if (now < due || !next_sweep_.compare_exchange_strong(due, now + kSweepEvery)) return;
  std::int64_t longest_period = 1;
  for (const auto& rate : {settings_.address_rate, settings_.username_rate}) {
    if (rate) longest_period = std::max<std::int64_t>(longest_period, rate->period.count());
  }
  // A window is over one period after it started; keep one more for clocks of other nodes.
  const auto swept = counters_.sweep({.windows_before = now - 2 * longest_period,
                                      .failures_before = now - failure_memory_seconds(),
                                      .now = now});
  if (!swept) events_->throttle_fault(swept.error());
}

std::optional<std::int64_t> LoginThrottle::check(const std::string& client,
                                                 const std::string& username) const {
  if (!settings_.enabled) return std::nullopt;
  const std::int64_t now = clock_();
  sweep_now_and_then(now);
  std::int64_t wait = 0;
  bool counters_failed = false;
  // A counter that cannot be reached lets the login through (throttling must not become an
  // outage) and skips the remaining counters, so that a hung database costs one timeout, not three.
  const auto failed = [&](const StoreError& error) {
    counters_failed = true;
    events_->throttle_fault(error);
  };
  const auto count = [&](const std::string& key, const ThrottleRate& rate) {
    if (counters_failed) return;
    const std::int64_t period = rate.period.count();
    const std::int64_t window = now - now % period;
    const auto hits = counters_.hit(key, window);
    if (!hits) return failed(hits.error());
    if (*hits > rate.requests) wait = std::max(wait, window + period - now);
  };
  if (settings_.address_rate) count(key_of("addr", client), *settings_.address_rate);
  if (settings_.username_rate) count(key_of("user", username), *settings_.username_rate);
  if (!counters_failed) {
    const auto until = counters_.blocked_until(key_of("fail", username));
    if (!until)
      failed(until.error());
    else if (*until > now)
      wait = std::max(wait, *until - now);
  }
  if (wait <= 0) return std::nullopt;
  return wait;
}

void LoginThrottle::record(const std::string& username, bool success) const {
  if (!settings_.enabled) return;
  const std::string key = key_of("fail", username);
  if (success) {
    if (const auto reset = counters_.reset_failures(key); !reset) {
      events_->throttle_fault(reset.error());
    }
    return;
  }
  // From the threshold on, each failure blocks the username for base × 2^(failures − threshold).
  const std::int64_t now = clock_();
  const auto failures = counters_.add_failure(key, now, now - failure_memory_seconds());
  if (!failures) return events_->throttle_fault(failures.error());
  if (*failures < settings_.failures_before_backoff) return;
  const std::uint32_t over =
      std::min<std::uint32_t>(*failures - settings_.failures_before_backoff, 30);
  const std::int64_t delay =
      std::min<std::int64_t>(settings_.backoff_base.count() << over, settings_.backoff_max.count());
  if (const auto blocked = counters_.set_blocked_until(key, now + delay); !blocked) {
    events_->throttle_fault(blocked.error());
  }
}

}  // namespace restjwt
