#include "core/percent_decode.hpp"

namespace restjwt::detail {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Both forms: a malformed escape is kept (lenient) or ends the decoding with nullopt (strict).
std::optional<std::string> decode(std::string_view text, bool plus_is_space, bool strict) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
      continue;
    }
    if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
      continue;
    }
    if (c == '%' && strict) return std::nullopt;
    out += c;
  }
  return out;
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space) {
  return *decode(text, plus_is_space, /*strict=*/false);
}

std::optional<std::string> percent_decode_strict(std::string_view text) {
  return decode(text, /*plus_is_space=*/false, /*strict=*/true);
}

}  // namespace restjwt::detail
