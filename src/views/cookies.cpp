#include "views/cookies.hpp"

#include <array>
#include <cstdio>
#include <ctime>

#include "views/split.hpp"
#include "views/trim.hpp"

namespace restjwt::detail {
namespace {

// http.cookies._unquote: strips surrounding quotes and resolves \" and \\ escapes.
std::string unquote(std::string_view value) {
  if (value.size() < 2 || value.front() != '"' || value.back() != '"') return std::string(value);
  value = value.substr(1, value.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size()) ++i;
    out += value[i];
  }
  return out;
}

}  // namespace

std::optional<std::string> find_cookie(std::string_view header, std::string_view name) {
  std::optional<std::string> found;
  for_each_piece(header, ";", [&](std::string_view chunk) {
    const auto eq = chunk.find('=');
    // Django: a chunk without '=' is a value with an empty name.
    const std::string_view key = eq == std::string_view::npos
                                     ? std::string_view{}
                                     : trim(chunk.substr(0, eq), kAsciiWhitespace);
    const std::string_view value =
        trim(eq == std::string_view::npos ? chunk : chunk.substr(eq + 1), kAsciiWhitespace);
    if (key == name && (!key.empty() || !value.empty())) found = unquote(value);
  });
  return found;
}

std::string http_date(std::int64_t epoch_seconds) {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed",
                                                    "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 40> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                kDays[static_cast<std::size_t>(tm.tm_wday)], tm.tm_mday,
                kMonths[static_cast<std::size_t>(tm.tm_mon)], tm.tm_year + 1900, tm.tm_hour,
                tm.tm_min, tm.tm_sec);
  return buffer.data();
}

std::string jwt_cookie(const Settings& settings, std::string_view token, std::int64_t now) {
  const std::int64_t max_age = settings.expiration_delta.count();
  std::string cookie = *settings.auth_cookie;
  cookie += '=';
  cookie += token;
  if (settings.auth_cookie_domain) cookie += "; Domain=" + *settings.auth_cookie_domain;
  cookie += "; expires=" + http_date(now + max_age);
  cookie += "; HttpOnly";
  cookie += "; Max-Age=" + std::to_string(max_age);
  cookie += "; Path=" + settings.auth_cookie_path;
  cookie += "; SameSite=" + settings.auth_cookie_samesite;
  if (settings.auth_cookie_secure) cookie += "; Secure";
  return cookie;
}

}  // namespace restjwt::detail
