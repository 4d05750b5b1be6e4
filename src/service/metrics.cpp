#include "service/metrics.hpp"

#include <algorithm>

#include "restjwt/version.hpp"

namespace restjwt::detail {
namespace {

constexpr std::size_t kShards = 8;
constexpr std::size_t kMaxRoutes = 16;  // the last one is "other"

constexpr std::array<std::string_view, 8> kMethods{"GET", "POST",  "HEAD",   "OPTIONS",
                                                   "PUT", "PATCH", "DELETE", "other"};
constexpr std::array<int, 15> kStatuses{200, 301, 400, 401, 403, 404, 405, 406,
                                        413, 415, 429, 431, 500, 503, 0};  // 0: other
// Histogram bounds in microseconds (Prometheus' `le`, in seconds, when rendered).
constexpr std::array<std::int64_t, 15> kBuckets{100,    250,    500,     1000,    2500,
                                                5000,   10000,  25000,   50000,   100000,
                                                250000, 500000, 1000000, 2500000, 5000000};
constexpr std::array<std::string_view, 5> kLoginOutcomes{"success", "bad_credentials", "inactive",
                                                         "throttled", "failed"};
constexpr std::size_t kErrorCodes = static_cast<std::size_t>(ErrorCode::kInternal) + 1;
constexpr std::array<std::string_view, 2> kPools{"hash", "db"};
constexpr std::array<std::string_view, 5> kOperations{
    "find_by_username", "find_by_id", "replace_password", "update_last_login", "other"};
constexpr std::array<std::string_view, 4> kFaults{"store", "throttle", "key", "internal"};

using Counter = std::atomic<std::uint64_t>;

struct Histogram {
  std::array<Counter, kBuckets.size()> buckets{};  // not cumulative: rendered cumulatively
  Counter count{0};
  Counter sum_us{0};

  void observe(std::int64_t us) noexcept {
    const auto at = std::lower_bound(kBuckets.begin(), kBuckets.end(), us);
    if (at != kBuckets.end())
      buckets[static_cast<std::size_t>(at - kBuckets.begin())].fetch_add(1,
                                                                         std::memory_order_relaxed);
    count.fetch_add(1, std::memory_order_relaxed);
    sum_us.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(us, 0)),
                     std::memory_order_relaxed);
  }
};

template <typename Array>
std::size_t index_of(const Array& names, std::string_view name) {
  const auto at = std::find(names.begin(), names.end(), name);
  return at == names.end() ? names.size() - 1 : static_cast<std::size_t>(at - names.begin());
}

std::size_t status_index(int status) {
  for (std::size_t i = 0; i + 1 < kStatuses.size(); ++i) {
    if (kStatuses[i] == status) return i;
  }
  return kStatuses.size() - 1;
}

void add(Counter& counter) noexcept { counter.fetch_add(1, std::memory_order_relaxed); }

std::string seconds(std::int64_t us) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", static_cast<double>(us) / 1e6);
  return text;
}

// Prometheus label values: backslash, double quote and newline escaped.
std::string label(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

struct alignas(64) Metrics::Shard {
  std::array<std::array<std::array<Counter, kStatuses.size()>, kMethods.size()>, kMaxRoutes>
      requests{};
  std::array<Histogram, kMaxRoutes> durations{};
  std::array<Counter, kLoginOutcomes.size()> logins{};
  std::array<std::array<Counter, 2>, kErrorCodes> refusals{};
  std::array<Counter, 2> upgrades{};  // failed, written
  std::array<Counter, kPools.size()> queue_full{};
  std::array<Histogram, kOperations.size()> database{};
  std::array<Counter, kOperations.size()> database_errors{};
  std::array<Counter, kFaults.size()> faults{};
};

Metrics::Metrics(std::vector<std::string> routes)
    : routes_(std::move(routes)), shards_(std::make_unique<Shard[]>(kShards)) {}

Metrics::~Metrics() = default;

Metrics::Shard& Metrics::shard() const noexcept {
  static std::atomic<std::size_t> next{0};
  thread_local const std::size_t mine = next.fetch_add(1, std::memory_order_relaxed) % kShards;
  return shards_[mine];
}

void Metrics::request(std::string_view route, std::string_view method, int status,
                      std::chrono::microseconds latency) noexcept {
  std::size_t r = kMaxRoutes - 1;
  for (std::size_t i = 0; i < routes_.size() && i + 1 < kMaxRoutes; ++i) {
    if (routes_[i] == route) {
      r = i;
      break;
    }
  }
  Shard& s = shard();
  add(s.requests[r][index_of(kMethods, method)][status_index(status)]);
  s.durations[r].observe(latency.count());
}

void Metrics::login(LoginOutcome outcome) noexcept {
  add(shard().logins[static_cast<std::size_t>(outcome)]);
}

void Metrics::token_refused(ErrorCode code, Surface surface) noexcept {
  add(shard()
          .refusals[static_cast<std::size_t>(code)][surface == Surface::kAuthentication ? 0 : 1]);
}

void Metrics::password_upgraded(bool written) noexcept { add(shard().upgrades[written ? 1 : 0]); }

void Metrics::queue_full(std::string_view pool) noexcept {
  add(shard().queue_full[pool == "db" ? 1 : 0]);
}

void Metrics::database_call(std::string_view operation, std::chrono::microseconds latency,
                            bool failed) noexcept {
  const std::size_t op = index_of(kOperations, operation);
  Shard& s = shard();
  s.database[op].observe(latency.count());
  if (failed) add(s.database_errors[op]);
}

void Metrics::fault(std::string_view kind) noexcept {
  add(shard().faults[index_of(kFaults, kind)]);
}

std::string Metrics::render(const MetricGauges& gauges) const {
  const auto sum = [this](const auto& pick) {
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < kShards; ++i)
      total += pick(shards_[i]).load(std::memory_order_relaxed);
    return total;
  };
  std::string out;
  const auto header = [&out](std::string_view name, std::string_view type, std::string_view help) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
  };
  const auto route_name = [this](std::size_t r) -> std::string {
    return r < routes_.size() && r + 1 < kMaxRoutes ? routes_[r] : "other";
  };
  const auto histogram = [&](std::string_view name, const std::string& labels, auto pick) {
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += sum([&](const Shard& s) -> const Counter& { return pick(s).buckets[b]; });
      out.append(name).append("_bucket{").append(labels).append(",le=\"");
      out.append(seconds(kBuckets[b]))
          .append("\"} ")
          .append(std::to_string(cumulative))
          .append("\n");
    }
    const auto count = sum([&](const Shard& s) -> const Counter& { return pick(s).count; });
    const auto sum_us = sum([&](const Shard& s) -> const Counter& { return pick(s).sum_us; });
    out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ");
    out.append(std::to_string(count)).append("\n");
    out.append(name).append("_sum{").append(labels).append("} ");
    out.append(seconds(static_cast<std::int64_t>(sum_us))).append("\n");
    out.append(name).append("_count{").append(labels).append("} ");
    out.append(std::to_string(count)).append("\n");
  };

  header("restjwt_build_info", "gauge", "The running version.");
  out.append("restjwt_build_info{version=\"").append(kVersion).append("\"} 1\n");
  header("restjwt_ready", "gauge", "1 when /readyz answers 200.");
  out.append("restjwt_ready ").append(gauges.ready ? "1" : "0").append("\n");
  header("restjwt_http_connections_open", "gauge", "Open client connections.");
  out.append("restjwt_http_connections_open ")
      .append(std::to_string(gauges.open_connections))
      .append("\n");
  header("restjwt_queue_depth", "gauge", "Requests waiting for a worker, by pool.");
  out.append("restjwt_queue_depth{pool=\"hash\"} ")
      .append(std::to_string(gauges.hash_queued))
      .append("\n");
  out.append("restjwt_queue_depth{pool=\"db\"} ")
      .append(std::to_string(gauges.db_queued))
      .append("\n");
  header("restjwt_queue_full_total", "counter",
         "Requests answered 503 because a pool's queue was full.");
  for (std::size_t p = 0; p < kPools.size(); ++p) {
    out.append("restjwt_queue_full_total{pool=\"").append(kPools[p]).append("\"} ");
    out.append(
           std::to_string(sum([p](const Shard& s) -> const Counter& { return s.queue_full[p]; })))
        .append("\n");
  }

  header("restjwt_http_requests_total", "counter",
         "Answered requests by route, method and status.");
  for (std::size_t r = 0; r < kMaxRoutes; ++r) {
    for (std::size_t m = 0; m < kMethods.size(); ++m) {
      for (std::size_t st = 0; st < kStatuses.size(); ++st) {
        const auto n = sum([&](const Shard& s) -> const Counter& { return s.requests[r][m][st]; });
        if (n == 0) continue;
        out.append("restjwt_http_requests_total{route=\"").append(label(route_name(r)));
        out.append("\",method=\"").append(kMethods[m]).append("\",status=\"");
        out.append(kStatuses[st] == 0 ? std::string("other") : std::to_string(kStatuses[st]));
        out.append("\"} ").append(std::to_string(n)).append("\n");
      }
    }
  }
  header("restjwt_http_request_duration_seconds", "histogram",
         "From the end of the request's headers to its answer written, by route.");
  for (std::size_t r = 0; r < kMaxRoutes; ++r) {
    if (sum([r](const Shard& s) -> const Counter& { return s.durations[r].count; }) == 0) continue;
    histogram("restjwt_http_request_duration_seconds", "route=\"" + label(route_name(r)) + "\"",
              [r](const Shard& s) -> const Histogram& { return s.durations[r]; });
  }

  header("restjwt_logins_total", "counter", "Login attempts on the obtain route, by outcome.");
  for (std::size_t o = 0; o < kLoginOutcomes.size(); ++o) {
    out.append("restjwt_logins_total{outcome=\"").append(kLoginOutcomes[o]).append("\"} ");
    out.append(std::to_string(sum([o](const Shard& s) -> const Counter& { return s.logins[o]; })))
        .append("\n");
  }
  header("restjwt_token_refusals_total", "counter",
         "Tokens refused, by precise reason and where (authentication: protected routes; "
         "token_view: verify and refresh).");
  for (std::size_t c = 0; c < kErrorCodes; ++c) {
    for (std::size_t where = 0; where < 2; ++where) {
      const auto n = sum([&](const Shard& s) -> const Counter& { return s.refusals[c][where]; });
      if (n == 0) continue;
      out.append("restjwt_token_refusals_total{reason=\"")
          .append(to_string(static_cast<ErrorCode>(c)));
      out.append("\",surface=\"").append(where == 0 ? "authentication" : "token_view");
      out.append("\"} ").append(std::to_string(n)).append("\n");
    }
  }
  header("restjwt_password_upgrades_total", "counter",
         "Outdated password hashes re-hashed at login, by whether the new hash was written.");
  for (std::size_t w = 0; w < 2; ++w) {
    out.append("restjwt_password_upgrades_total{result=\"").append(w == 1 ? "written" : "failed");
    out.append("\"} ")
        .append(
            std::to_string(sum([w](const Shard& s) -> const Counter& { return s.upgrades[w]; })))
        .append("\n");
  }

  header("restjwt_database_duration_seconds", "histogram", "User-store calls, by operation.");
  for (std::size_t op = 0; op < kOperations.size(); ++op) {
    if (sum([op](const Shard& s) -> const Counter& { return s.database[op].count; }) == 0) continue;
    histogram("restjwt_database_duration_seconds",
              "operation=\"" + std::string(kOperations[op]) + "\"",
              [op](const Shard& s) -> const Histogram& { return s.database[op]; });
  }
  header("restjwt_database_errors_total", "counter", "User-store calls that failed, by operation.");
  for (std::size_t op = 0; op < kOperations.size(); ++op) {
    out.append("restjwt_database_errors_total{operation=\"").append(kOperations[op]).append("\"} ");
    out.append(std::to_string(
                   sum([op](const Shard& s) -> const Counter& { return s.database_errors[op]; })))
        .append("\n");
  }
  header("restjwt_faults_total", "counter",
         "Faults reported with a log line: store, throttle (counters unreachable; the login went "
         "through), key, internal.");
  for (std::size_t f = 0; f < kFaults.size(); ++f) {
    out.append("restjwt_faults_total{kind=\"").append(kFaults[f]).append("\"} ");
    out.append(std::to_string(sum([f](const Shard& s) -> const Counter& { return s.faults[f]; })))
        .append("\n");
  }
  header("restjwt_log_lines_dropped_total", "counter",
         "Log lines dropped because the log's reader did not keep up.");
  out.append("restjwt_log_lines_dropped_total ")
      .append(std::to_string(gauges.log_lines_dropped))
      .append("\n");
  return out;
}

}  // namespace restjwt::detail
