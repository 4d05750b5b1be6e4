// Python's str()/repr() of a float, the text Python's json.dumps writes for one and the text
// DRF's CharField gives a JSON number (str(1e15) == "1000000000000000.0"): shared by the claims
// serializer (wire contract §4) and the request-body reader (§3).
#pragma once

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>

namespace restjwt::detail {

// Python's float repr: the shortest digits that round-trip, in fixed notation when the decimal
// point falls within (-4, 16] places of the first digit, else d.ddde±XX (CPython's
// format_float_short with Py_DTSF_ADD_DOT_0).
inline void append_python_float(double number, std::string& out) {
  if (!std::isfinite(number)) {
    out += "null";  // not JSON; a parsed token cannot hold it, as nlohmann writes it
    return;
  }
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof(buffer), number, std::chars_format::scientific);
  std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
  if (text.front() == '-') {
    out += '-';
    text.remove_prefix(1);
  }
  const auto e = text.find('e');
  std::string digits(text.substr(0, e));
  if (digits.size() > 1) {
    digits.erase(1, 1);  // the '.'
  }
  int exponent = 0;
  std::from_chars(text.data() + e + 1 + (text[e + 1] == '+' ? 1 : 0), text.data() + text.size(),
                  exponent);
  const int point = exponent + 1;  // digits before the decimal point
  const auto count = static_cast<int>(digits.size());
  if (point > -4 && point <= 16) {
    if (point <= 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-point), '0');
      out += digits;
    } else if (point >= count) {
      out += digits;
      out.append(static_cast<std::size_t>(point - count), '0');
      out += ".0";
    } else {
      out.append(digits, 0, static_cast<std::size_t>(point));
      out += '.';
      out.append(digits, static_cast<std::size_t>(point));
    }
    return;
  }
  out += digits[0];
  if (count > 1) {
    out += '.';
    out.append(digits, 1);
  }
  out += exponent < 0 ? "e-" : "e+";
  const int magnitude = std::abs(exponent);
  if (magnitude < 10) {
    out += '0';
  }
  out += std::to_string(magnitude);
}

inline std::string python_float_text(double number) {
  std::string out;
  append_python_float(number, out);
  return out;
}

}  // namespace restjwt::detail
