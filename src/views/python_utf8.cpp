// CPython's UTF-8 decoder (Objects/stringlib/codecs.h) with final=False, as a StreamReader
// calls it: the same bytes refused, the same error ranges, the same incomplete tails kept back.
#include "views/python_utf8.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace restjwt::detail {
namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0U) == 0x80U; }

// UnicodeDecodeError.__str__ for bytes [start, start + length).
std::string decode_error(std::string_view body, std::size_t start, std::size_t length,
                         const char* reason) {
  char text[128];
  if (length == 1) {
    std::snprintf(text, sizeof(text), "'utf-8' codec can't decode byte 0x%02x in position %zu: %s",
                  static_cast<unsigned char>(body[start]), start, reason);
  } else {
    std::snprintf(text, sizeof(text), "'utf-8' codec can't decode bytes in position %zu-%zu: %s",
                  start, start + length - 1, reason);
  }
  return text;
}

// The bytes [i, i + 8) are all ASCII.
bool ascii_word_at(const unsigned char* bytes, std::size_t i) {
  std::uint64_t word = 0;
  std::memcpy(&word, bytes + i, sizeof(word));
  return (word & 0x8080808080808080ULL) == 0;
}

}  // namespace

Expected<std::size_t, std::string> python_utf8_stream_length(std::string_view body) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(body.data());
  const std::size_t size = body.size();
  std::size_t i = 0;
  while (i < size) {
    while (i + 8 <= size && ascii_word_at(bytes, i)) i += 8;
    if (i == size) break;
    const unsigned lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    if (lead < 0xC2 || lead > 0xF4) {
      return unexpected(decode_error(body, i, 1, "invalid start byte"));
    }
    const std::size_t need = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    // The second byte's range excludes overlong forms (E0, F0), surrogates (ED) and code points
    // beyond U+10FFFF (F4).
    const unsigned low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
    const unsigned high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
    const std::size_t left = size - i;
    std::size_t seen = 1;
    for (; seen < need && seen < left; ++seen) {
      const unsigned char c = bytes[i + seen];
      if (seen == 1 ? (c >= low && c <= high) : is_continuation(c)) continue;
      // CPython keeps back ED A0..BF at the very end (a "truncated surrogate") instead of failing.
      if (seen == 1 && lead == 0xED && left == 2 && is_continuation(c)) return i;
      return unexpected(decode_error(body, i, seen, "invalid continuation byte"));
    }
    if (seen < need) return i;  // incomplete at the end: dropped
    i += need;
  }
  return size;
}

}  // namespace restjwt::detail
