// What one access line and one request's metrics cost the I/O thread that answered: the line
// formatted and appended to the logger's buffer (the background writer's write() to /dev/null
// included, on its own thread), and the request counted in the metrics.
//
//   build/bench/logger_bench
#include <fcntl.h>
#include <unistd.h>

#include <benchmark/benchmark.h>

#include "service/logger.hpp"
#include "service/metrics.hpp"

namespace {

using restjwt::LogConfig;
using restjwt::LogFormat;
using restjwt::RequestRecord;

RequestRecord typical_record() {
  RequestRecord r;
  r.method = "POST";
  r.target = "/api-token-verify/";
  r.route = "/api-token-verify/";
  r.status = 200;
  r.latency = std::chrono::microseconds(87);
  r.client = "10.0.0.7";
  r.request_id = "4f2a9c1e8b7d6a5f4e3d2c1b0a998877";
  r.response_bytes = 212;
  return r;
}

void access_line(benchmark::State& state, LogFormat format) {
  const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  {
    LogConfig config;
    config.format = format;
    restjwt::detail::Logger logger(config, null_fd);
    const RequestRecord record = typical_record();
    for (auto _ : state) logger.access(record);
    logger.flush();
    state.counters["dropped"] = static_cast<double>(logger.dropped());
  }
  ::close(null_fd);
}

void BM_AccessLineText(benchmark::State& state) { access_line(state, LogFormat::kText); }
void BM_AccessLineJson(benchmark::State& state) { access_line(state, LogFormat::kJson); }

void BM_MetricsRequest(benchmark::State& state) {
  restjwt::detail::Metrics metrics(
      {"/api-token-auth/", "/api-token-verify/", "/api-token-refresh/", "/api/user/"});
  const RequestRecord r = typical_record();
  for (auto _ : state) metrics.request(r.route, r.method, r.status, r.latency);
}

}  // namespace

BENCHMARK(BM_AccessLineText);
BENCHMARK(BM_AccessLineJson);
BENCHMARK(BM_MetricsRequest);
