#include "restjwt/clock.hpp"

#include <chrono>

namespace restjwt {

Clock system_clock() {
  return [] {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

Clock fixed_clock(std::int64_t epoch_seconds) {
  return [epoch_seconds] { return epoch_seconds; };
}

}  // namespace restjwt
