// serialize_claims: the bytes Python's json.dumps(claims, separators=(",", ":")) writes, which is
// what drf-jwt signs through PyJWT 1.7 (SPEC §4).
//
// nlohmann's dump already matches Python for strings (ensure_ascii: \uXXXX in lowercase hex,
// surrogate pairs, DEL escaped), integers, literals and separators; floats differ: Python's repr
// keeps fixed notation up to 1e16 ("1000000000000000.0") where nlohmann switches at 1e15
// ("1e+15"). So containers and floats are written here, and integers and plain strings
// (core/plain_json.hpp), which need no escaping; everything else by nlohmann.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/compact_json.hpp"
#include "restjwt/jwt.hpp"

namespace restjwt {
namespace {

std::string dump_leaf(const Claims& value) {
  return value.dump(-1, ' ', /*ensure_ascii=*/true, nlohmann::detail::error_handler_t::replace);
}

// Python's float repr: the shortest digits that round-trip, in fixed notation when the decimal
// point falls within (-4, 16] places of the first digit, else d.ddde±XX (CPython's
// format_float_short with Py_DTSF_ADD_DOT_0).
void append_python_float(double number, std::string& out) {
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

}  // namespace

std::string serialize_claims(const Claims& claims) {
  std::string out;
  out.reserve(128);
  auto leaf = [](const Claims& value, std::string& text) {
    if (value.is_number_float()) {
      append_python_float(value.get<double>(), text);
    } else {
      text += dump_leaf(value);
    }
  };
  detail::append_compact_json(claims, out, leaf);
  return out;
}

}  // namespace restjwt
