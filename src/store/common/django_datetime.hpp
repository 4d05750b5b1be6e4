// Datetimes as Django writes them: str() of a naive UTC datetime (USE_TZ = True), which is how
// its SQLite backend stores DateTimeField values.
#pragma once

#include <chrono>
#include <string>

namespace restjwt::detail {

// "YYYY-MM-DD HH:MM:SS.ffffff" in UTC; without the fraction when the microseconds are zero,
// exactly as Python's datetime.__str__ prints it.
std::string django_datetime(std::chrono::system_clock::time_point when);

}  // namespace restjwt::detail
