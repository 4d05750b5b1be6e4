#include "views/trim.hpp"
#include "restjwt/throttle.hpp"

#include <algorithm>
#include <charconv>

namespace restjwt {
std::optional<ThrottleRate> parse_throttle_rate(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::uint32_t requests = 0;
  const std::string_view number = text.substr(0, slash);
  const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), requests);
  if (ec != std::errc{} || ptr != number.data() + number.size() || requests == 0) return std::nullopt;
  const std::string_view unit = text.substr(slash + 1);
  static constexpr std::pair<std::string_view, std::int64_t> kUnits[] = {
      {"s", 1}, {"sec", 1}, {"second", 1}, {"m", 60}, {"min", 60}, {"minute", 60},
      {"h", 3600}, {"hour", 3600}, {"d", 86400}, {"day", 86400}};
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

LoginThrottle::LoginThrottle(ThrottleSettings settings, ThrottleCounters& counters, Clock clock)
    : settings_(std::move(settings)), counters_(counters), clock_(std::move(clock)) {}

std::string LoginThrottle::client_of(const HttpRequest& request) const {
  const auto trusted = [&](std::string_view address) {
    return std::find(settings_.trusted_proxies.begin(), settings_.trusted_proxies.end(), address) !=
           settings_.trusted_proxies.end();
  };
  if (!trusted(request.client_address)) return request.client_address;
  // Walk X-Forwarded-For from the right: the first hop not one of ours is the client.
  std::string_view forwarded = request.header("X-Forwarded-For");
  while (!forwarded.empty()) {
    const auto comma = forwarded.rfind(',');
    const std::string_view hop = detail::trim(comma == std::string_view::npos ? forwarded : forwarded.substr(comma + 1));
    if (!hop.empty() && !trusted(hop)) return std::string(hop);
    if (comma == std::string_view::npos) break;
    forwarded = forwarded.substr(0, comma);
  }
  return request.client_address;
}

std::optional<std::int64_t> LoginThrottle::check(const std::string& client, const std::string& username,
                                                 StoreError* counter_error) const {
  if (!settings_.enabled) return std::nullopt;
  const std::int64_t now = clock_();
  std::int64_t wait = 0;
  const auto count = [&](const std::string& key, const ThrottleRate& rate) {
    const std::int64_t period = rate.period.count();
    const std::int64_t window = now - now % period;
    const auto hits = counters_.hit(key, window);
    if (!hits) {
      if (counter_error != nullptr) *counter_error = hits.error();
      return;
    }
    if (*hits > rate.requests) wait = std::max(wait, window + period - now);
  };
  if (settings_.address_rate) count("addr:" + client, *settings_.address_rate);
  if (settings_.username_rate) count("user:" + username, *settings_.username_rate);
  if (const auto until = counters_.blocked_until("fail:" + username); until && *until > now) {
    wait = std::max(wait, *until - now);
  }
  if (wait <= 0) return std::nullopt;
  return wait;
}

void LoginThrottle::record(const std::string& username, bool success) const {
  if (!settings_.enabled) return;
  const std::string key = "fail:" + username;
  if (success) {
    (void)counters_.reset_failures(key);
    return;
  }
  // From the threshold on, each failure blocks the username for base × 2^(failures − threshold).
  const auto failures = counters_.add_failure(key);
  if (!failures || *failures < settings_.failures_before_backoff) return;
  const std::uint32_t over = std::min<std::uint32_t>(*failures - settings_.failures_before_backoff, 30);
  const std::int64_t delay =
      std::min<std::int64_t>(settings_.backoff_base.count() << over, settings_.backoff_max.count());
  (void)counters_.set_blocked_until(key, clock_() + delay);
}

}  // namespace restjwt
