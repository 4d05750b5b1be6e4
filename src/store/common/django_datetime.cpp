#include "store/common/django_datetime.hpp"

#include <array>
#include <cstdio>
#include <ctime>

namespace restjwt::detail {

std::string django_datetime(std::chrono::system_clock::time_point when) {
  using std::chrono::duration_cast;
  const auto since_epoch = duration_cast<std::chrono::microseconds>(when.time_since_epoch());
  auto seconds = duration_cast<std::chrono::seconds>(since_epoch);
  auto micros = (since_epoch - seconds).count();
  if (micros < 0) {  // before 1970: floor, as Python does
    micros += 1'000'000;
    seconds -= std::chrono::seconds{1};
  }
  const auto time = static_cast<std::time_t>(seconds.count());
  std::tm utc{};
  gmtime_r(&time, &utc);
  std::array<char, 40> buffer{};
  int length = 0;
  if (micros == 0) {
    length = std::snprintf(buffer.data(), buffer.size(), "%04d-%02d-%02d %02d:%02d:%02d",
                           utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                           utc.tm_sec);
  } else {
    length = std::snprintf(buffer.data(), buffer.size(), "%04d-%02d-%02d %02d:%02d:%02d.%06lld",
                           utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                           utc.tm_sec, static_cast<long long>(micros));
  }
  return {buffer.data(), length > 0 ? static_cast<std::size_t>(length) : 0U};
}

}  // namespace restjwt::detail
