// Python's json.loads, after CPython's C scanner (Modules/_json.c): the same grammar, the same
// first error and its position, so a client sees what DRF would tell it. Positions are kept in
// bytes and turned into Python's character counts only for the message.
#include "views/python_json_reader.hpp"

#include <bit>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <system_error>

namespace restjwt::detail {
namespace {

// sys.get_int_max_str_digits(): Python 3.11 refuses to read a longer int, and json with it.
constexpr std::size_t kMaxIntDigits = 4300;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_string_stop(char c) {
  return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
}

// The high bits of the bytes of `word` that are a quote, a backslash or a control character. The
// classic bit tricks may also flag a byte above a true one, never below: the lowest is exact.
std::uint64_t string_stops(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  const auto zero_bytes = [](std::uint64_t x) { return (x - kOnes) & ~x & kHighs; };
  const std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighs;
  return zero_bytes(word ^ (kOnes * '"')) | zero_bytes(word ^ (kOnes * '\\')) | below_space;
}

// The first quote, backslash or control character at or after `i`, or the end: what ends a run
// of a string's characters that stand for themselves. Tokens are long: 8 bytes at a time.
std::size_t find_string_stop(std::string_view text, std::size_t i) {
  if constexpr (std::endian::native == std::endian::little) {
    for (; i + 8 <= text.size(); i += 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, text.data() + i, sizeof(word));
      if (const std::uint64_t stops = string_stops(word); stops != 0) {
        return i + static_cast<std::size_t>(std::countr_zero(stops)) / 8;
      }
    }
  }
  while (i < text.size() && !is_string_stop(text[i])) ++i;
  return i;
}

void append_utf8(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Reader {
 public:
  Reader(std::string_view text, JsonTopLevelSink& sink) : text_(text), sink_(sink) {}

  bool read();
  std::string error;

 private:
  bool value(std::size_t& pos, JsonToken& out, bool keep);
  bool key(std::size_t& pos, bool keep);
  bool string(std::size_t& pos, JsonToken& out, std::string& buffer, bool keep);
  bool escape(std::size_t& pos, JsonToken& out, std::string& buffer, bool keep);
  bool number(std::size_t& pos, JsonToken& out);
  bool literal(std::size_t& pos, std::string_view word, JsonKind kind, JsonToken& out);

  std::size_t skip_space(std::size_t pos) const {
    while (pos < text_.size() && is_space(text_[pos])) ++pos;
    return pos;
  }
  bool at(std::size_t pos, char c) const { return pos < text_.size() && text_[pos] == c; }
  // Whether a value opening now is the document's or a top-level member's: the ones kept.
  bool keeping() const { return open_.empty() || (open_.size() == 1 && open_[0] == '{'); }
  bool fail(std::string message) {
    error = std::move(message);
    return false;
  }
  bool fail_at(const char* message, std::size_t pos);

  std::string_view text_;
  JsonTopLevelSink& sink_;
  std::string open_;  // the containers around the position, '{' or '['; inline below 16 levels
  JsonToken key_;
  std::string key_buffer_;
  std::string value_buffer_;
};

bool Reader::read() {
  // json.loads checks the decoded text for U+FEFF first.
  if (text_.size() >= 3 && text_[0] == '\xEF' && text_[1] == '\xBB' && text_[2] == '\xBF') {
    return fail_at("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
  }
  std::size_t pos = skip_space(0);
  for (;;) {
    JsonToken token;
    const bool keep = keeping();
    if (!value(pos, token, keep)) return false;
    if (open_.empty()) {
      sink_.document(token);
    } else if (keep) {
      sink_.member(key_, token);
    }
    if (token.kind == JsonKind::kObject || token.kind == JsonKind::kArray) {
      open_ += token.kind == JsonKind::kObject ? '{' : '[';
      pos = skip_space(pos);
      if (!at(pos, open_.back() == '{' ? '}' : ']')) {  // not empty: its first member or element
        if (open_.back() == '{' && !key(pos, keeping())) return false;
        continue;
      }
      ++pos;
      open_.pop_back();
    }
    // After a value: close what ends here, then find the next member or element.
    for (;;) {
      pos = skip_space(pos);
      if (open_.empty()) return pos == text_.size() || fail_at("Extra data", pos);
      if (at(pos, open_.back() == '{' ? '}' : ']')) {
        ++pos;
        open_.pop_back();
        continue;
      }
      if (!at(pos, ',')) return fail_at("Expecting ',' delimiter", pos);
      pos = skip_space(pos + 1);
      if (open_.back() == '{' && !key(pos, open_.size() == 1)) return false;
      break;
    }
  }
}

// A member's key and its ':' up to the value.
bool Reader::key(std::size_t& pos, bool keep) {
  if (!at(pos, '"')) return fail_at("Expecting property name enclosed in double quotes", pos);
  if (!string(pos, key_, key_buffer_, keep)) return false;
  pos = skip_space(pos);
  if (!at(pos, ':')) return fail_at("Expecting ':' delimiter", pos);
  pos = skip_space(pos + 1);
  return true;
}

// One value at pos; a container only opens (pos moves past its bracket).
bool Reader::value(std::size_t& pos, JsonToken& out, bool keep) {
  if (pos >= text_.size()) return fail_at("Expecting value", pos);
  switch (text_[pos]) {
    case '"':
      return string(pos, out, value_buffer_, keep);
    case '{':
    case '[':
      out.kind = text_[pos] == '{' ? JsonKind::kObject : JsonKind::kArray;
      ++pos;
      return true;
    case 'n':
      return literal(pos, "null", JsonKind::kNull, out);
    case 't':
      return literal(pos, "true", JsonKind::kTrue, out);
    case 'f':
      return literal(pos, "false", JsonKind::kFalse, out);
    case 'N':
    case 'I':
    case '-':
      // DRF's parse_constant refuses the names Python's json would read as floats.
      for (const std::string_view name : {"NaN", "Infinity", "-Infinity"}) {
        if (text_.substr(pos, name.size()) == name) {
          return fail("Out of range float values are not JSON compliant: '" + std::string(name) +
                      "'");
        }
      }
      break;
    default:
      break;
  }
  return number(pos, out);
}

bool Reader::literal(std::size_t& pos, std::string_view word, JsonKind kind, JsonToken& out) {
  if (text_.substr(pos, word.size()) != word) return fail_at("Expecting value", pos);
  pos += word.size();
  out.kind = kind;
  return true;
}

// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?, each optional part taken only when complete.
bool Reader::number(std::size_t& pos, JsonToken& out) {
  const std::size_t start = pos;
  std::size_t i = at(pos, '-') ? pos + 1 : pos;
  const std::size_t first_digit = i;
  if (at(i, '0')) {
    ++i;
  } else {
    while (i < text_.size() && is_digit(text_[i])) ++i;
  }
  if (i == first_digit) return fail_at("Expecting value", start);
  const std::size_t digits = i - first_digit;
  bool is_float = false;
  if (at(i, '.') && i + 1 < text_.size() && is_digit(text_[i + 1])) {
    is_float = true;
    i += 2;
    while (i < text_.size() && is_digit(text_[i])) ++i;
  }
  if (at(i, 'e') || at(i, 'E')) {
    std::size_t e = i + 1;
    if (at(e, '-') || at(e, '+')) ++e;
    const std::size_t exponent_digits = e;
    while (e < text_.size() && is_digit(text_[e])) ++e;
    if (e > exponent_digits) {
      is_float = true;
      i = e;
    }
  }
  if (!is_float && digits > kMaxIntDigits) {
    char message[160];
    std::snprintf(message, sizeof(message),
                  "Exceeds the limit (%zu digits) for integer string conversion: value has %zu "
                  "digits; use sys.set_int_max_str_digits() to increase the limit",
                  kMaxIntDigits, digits);
    return fail(message);
  }
  out.kind = is_float ? JsonKind::kFloat : JsonKind::kInteger;
  out.text = text_.substr(start, i - start);
  pos = i;
  return true;
}

// A string at pos (its opening quote); decoded into `out` when kept, else only checked. The text
// views the input unless an escape makes it be built in `buffer`.
bool Reader::string(std::size_t& pos, JsonToken& out, std::string& buffer, bool keep) {
  const std::size_t begin = pos;
  std::size_t i = pos + 1;
  std::size_t chunk = i;
  bool built = false;
  out = JsonToken{JsonKind::kString, {}, 0};
  for (;;) {
    i = find_string_stop(text_, i);
    if (i == text_.size()) return fail_at("Unterminated string starting at", begin);
    if (text_[i] != '"' && text_[i] != '\\') return fail_at("Invalid control character at", i);
    if (text_[i] == '"') break;
    if (i + 1 == text_.size()) return fail_at("Unterminated string starting at", begin);
    if (keep) {
      if (!built) buffer.clear();
      built = true;
      buffer.append(text_, chunk, i - chunk);
    }
    pos = i;
    if (!escape(pos, out, buffer, keep)) return false;
    i = chunk = pos;
  }
  if (keep && built) {
    buffer.append(text_, chunk, i - chunk);
    out.text = buffer;
  } else if (keep) {
    out.text = text_.substr(chunk, i - chunk);
  }
  pos = i + 1;
  return true;
}

// The escape at pos (its backslash, a character follows); pos moves past it.
bool Reader::escape(std::size_t& pos, JsonToken& out, std::string& buffer, bool keep) {
  const std::size_t backslash = pos;
  const char kind = text_[backslash + 1];
  if (kind != 'u') {
    static constexpr std::string_view kFrom = "\"\\/bfnrt";
    static constexpr std::string_view kTo = "\"\\/\b\f\n\r\t";
    const auto which = kFrom.find(kind);
    if (which == std::string_view::npos) return fail_at("Invalid \\escape", backslash);
    if (keep) buffer += kTo[which];
    pos = backslash + 2;
    return true;
  }
  // Four hex digits after the 'u' at `u`, and a character after them (the closing quote at least).
  const auto code_unit = [&](std::size_t u, std::uint32_t& unit) {
    if (u + 5 >= text_.size()) return false;
    const char* digits = text_.data() + u + 1;
    const auto [end, ec] = std::from_chars(digits, digits + 4, unit, 16);
    return ec == std::errc() && end == digits + 4;
  };
  std::uint32_t cp = 0;
  if (!code_unit(backslash + 1, cp)) return fail_at("Invalid \\uXXXX escape", backslash + 1);
  pos = backslash + 6;
  // A high surrogate pairs with an escaped low one right after it; anything else leaves it lone.
  if (cp >= 0xD800 && cp <= 0xDBFF && at(pos, '\\') && at(pos + 1, 'u')) {
    std::uint32_t low = 0;
    if (!code_unit(pos + 1, low)) return fail_at("Invalid \\uXXXX escape", pos + 1);
    if (low >= 0xDC00 && low <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      pos += 6;
    }
  }
  if (!keep) return true;
  if (cp >= 0xD800 && cp <= 0xDFFF) {
    if (out.lone_surrogate == 0) out.lone_surrogate = static_cast<std::uint16_t>(cp);
    cp = 0xFFFD;
  }
  append_utf8(cp, buffer);
  return true;
}

// Python's "<message>: line L column C (char P)", P counted in characters.
bool Reader::fail_at(const char* message, std::size_t pos) {
  std::size_t chars = 0;
  std::size_t line = 1;
  std::size_t line_start = 0;  // the character after the last newline
  for (std::size_t i = 0; i < pos; ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0U) == 0x80U) continue;
    ++chars;
    if (text_[i] == '\n') {
      ++line;
      line_start = chars;
    }
  }
  char text[160];
  std::snprintf(text, sizeof(text), "%s: line %zu column %zu (char %zu)", message, line,
                chars - line_start + 1, chars);
  return fail(text);
}

}  // namespace

Expected<void, std::string> read_python_json(std::string_view text, JsonTopLevelSink& sink) {
  Reader reader(text, sink);
  if (!reader.read()) return unexpected(std::move(reader.error));
  return {};
}

}  // namespace restjwt::detail
