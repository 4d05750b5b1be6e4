// Trimming for header and form values: the characters vary by the rule being mirrored (HTTP's
// optional whitespace is space and tab; Python's str.strip() in Django's cookie parser is wider).
#pragma once

#include <string_view>

namespace restjwt::detail {

inline constexpr std::string_view kHttpWhitespace = " \t";
inline constexpr std::string_view kAsciiWhitespace = " \t\r\n\f\v";

constexpr std::string_view trim(std::string_view s, std::string_view chars = kHttpWhitespace) {
  const auto first = s.find_first_not_of(chars);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(chars) - first + 1);
}

}  // namespace restjwt::detail
