// Timing-equality checks for the password paths (wire contract §8): does any case cost a different
// amount of work than the reference case?
//
// Method: the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID), i.e. the work done, which is
// what differs when a step is skipped; wall time on a shared 2-core machine is dominated by
// preemption. Cases run interleaved in a new order each round, so that load drifts hit them
// alike. Each case's median is compared with the reference median; the tolerance is statistical
// (four standard errors of the difference of two medians, SE ≈ 1.2533 · 1.4826 · MAD / √n) with a
// floor below which a difference is not worth reporting. A skipped hash shows as ~100 %.
//
// These tests run alone (RUN_SERIAL, label "timing") and only in the optimised build: under
// sanitizers the instrumentation, not the code, decides what a path costs.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <time.h>

namespace restjwt::testing {

struct TimedCase {
  std::string name;
  std::function<void()> run;
};

inline double thread_cpu_microseconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) / 1e3;
}

inline double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

inline double standard_error_of_median(const std::vector<double>& values) {
  const double center = median_of(values);
  std::vector<double> deviations;
  for (const double v : values) deviations.push_back(std::abs(v - center));
  return 1.2533 * 1.4826 * median_of(deviations) / std::sqrt(static_cast<double>(values.size()));
}

struct TimingComparison {
  std::vector<std::string> different;  // names of the cases outside the tolerance
  std::string report;                  // one line per case, for the failure message
};

// Runs every case `rounds` times (after one warm-up round) and compares with cases[0].
inline TimingComparison compare_cpu_time(const std::vector<TimedCase>& cases, int rounds,
                                         double floor_fraction) {
  std::vector<std::vector<double>> samples(cases.size());
  std::vector<std::size_t> order(cases.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937 shuffle_rng(12345);
  for (int round = 0; round <= rounds; ++round) {
    std::shuffle(order.begin(), order.end(), shuffle_rng);
    for (const std::size_t c : order) {
      const double started = thread_cpu_microseconds();
      cases[c].run();
      const double took = thread_cpu_microseconds() - started;
      if (round > 0) samples[c].push_back(took);  // round 0 warms caches up
    }
  }
  TimingComparison result;
  const double reference = median_of(samples[0]);
  const double reference_se = standard_error_of_median(samples[0]);
  for (std::size_t c = 0; c < cases.size(); ++c) {
    const double m = median_of(samples[c]);
    const double se = std::hypot(reference_se, standard_error_of_median(samples[c]));
    const double tolerance = std::max(4 * se, floor_fraction * reference);
    result.report += cases[c].name + ": median " + std::to_string(m) + " µs, tolerance ±" +
                     std::to_string(tolerance) + " µs around " + std::to_string(reference) + "\n";
    if (std::abs(m - reference) > tolerance) result.different.push_back(cases[c].name);
  }
  return result;
}

// A whole measurement is retried at most twice against bursts of load from other processes; a
// real timing leak fails every attempt.
inline TimingComparison compare_cpu_time_with_retries(const std::vector<TimedCase>& cases,
                                                      int rounds, double floor_fraction) {
  TimingComparison result;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    result = compare_cpu_time(cases, rounds, floor_fraction);
    result.report = "attempt " + std::to_string(attempt) + "\n" + result.report;
    if (result.different.empty()) break;
  }
  return result;
}

}  // namespace restjwt::testing
