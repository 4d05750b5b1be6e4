// Clock: the current time, injected so that tests never depend on the wall clock.
#pragma once

#include <cstdint>
#include <functional>

namespace restjwt {

// Seconds since the UTC epoch, as PyJWT's timegm(datetime.utcnow().utctimetuple()) computes.
using Clock = std::function<std::int64_t()>;

// The system clock, truncated to whole seconds.
Clock system_clock();

// A clock that always answers `epoch_seconds`; for tests and reproducible tokens.
Clock fixed_clock(std::int64_t epoch_seconds);

}  // namespace restjwt
