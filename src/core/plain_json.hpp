// A reader for the JSON that token requests nearly always carry: one flat object whose values are
// plain strings (printable ASCII, no escapes), integers of at most 18 digits, true, false or
// null — `{"token":"eyJ…"}`, `{"username":"…","password":"…"}`, drf-jwt's payload. It gives up at
// anything else (escapes, non-ASCII, fractions, nesting, malformed text), and its callers then
// use their general parser, whose result on the accepted texts it must equal (tested and fuzzed
// side by side). It exists because the general parsers cost more than the HMAC (BENCHMARKS.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace restjwt::detail {

struct PlainJsonValue {
  enum class Kind : std::uint8_t { kString, kInteger, kTrue, kFalse, kNull };
  Kind kind = Kind::kNull;
  std::string_view text;  // kString: the characters between the quotes
  std::int64_t integer = 0;
  bool negative = false;  // kInteger written with a minus sign (even "-0")
};

namespace plain_json {

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Printable ASCII other than the quote and the backslash: a character that stands for itself.
inline bool is_plain(char c) { return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\'; }

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  void skip_space() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  }
  bool take(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  [[nodiscard]] bool at_end() const { return pos_ == text_.size(); }

  // A string without escapes; its contents in `out`.
  bool string(std::string_view& out) {
    if (!take('"')) return false;
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_plain(text_[pos_])) ++pos_;
    if (pos_ == text_.size() || text_[pos_] != '"') return false;
    out = text_.substr(start, pos_ - start);
    ++pos_;
    return true;
  }

  bool value(PlainJsonValue& out) {
    if (pos_ >= text_.size()) return false;
    const char c = text_[pos_];
    if (c == '"') {
      out.kind = PlainJsonValue::Kind::kString;
      return string(out.text);
    }
    if (c == 't') return literal("true", PlainJsonValue::Kind::kTrue, out);
    if (c == 'f') return literal("false", PlainJsonValue::Kind::kFalse, out);
    if (c == 'n') return literal("null", PlainJsonValue::Kind::kNull, out);
    return integer(out);
  }

 private:
  bool literal(std::string_view word, PlainJsonValue::Kind kind, PlainJsonValue& out) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    out.kind = kind;
    return true;
  }

  // -?(0|[1-9][0-9]*), at most 18 digits (no overflow), then a delimiter; JSON forbids "01".
  bool integer(PlainJsonValue& out) {
    out.kind = PlainJsonValue::Kind::kInteger;
    out.negative = take('-');
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    const std::size_t digits = pos_ - start;
    if (digits == 0 || digits > 18 || (digits > 1 && text_[start] == '0')) return false;
    std::int64_t value = 0;
    for (std::size_t i = start; i < pos_; ++i) value = value * 10 + (text_[i] - '0');
    if (pos_ < text_.size() && !is_space(text_[pos_]) && text_[pos_] != ',' && text_[pos_] != '}') {
      return false;  // a fraction, an exponent, or garbage: the general parser decides
    }
    out.integer = out.negative ? -value : value;
    return true;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace plain_json

// Appends `text` quoted when no character of it needs escaping in any JSON restjwt writes (Python's
// json.dumps with or without ensure_ascii: printable ASCII other than '"' and '\\'); false, with
// nothing appended, otherwise: the caller then escapes it the general way.
inline bool append_plain_json_string(std::string_view text, std::string& out) {
  for (const char c : text) {
    if (!plain_json::is_plain(c)) return false;
  }
  out += '"';
  out += text;
  out += '"';
  return true;
}

// Calls on_member(key, value) for each member, in order; false when `text` is not such an object
// or on_member returns false (the caller then parses `text` the general way).
template <typename OnMember>
bool read_plain_json_object(std::string_view text, OnMember&& on_member) {
  plain_json::Cursor cursor(text);
  cursor.skip_space();
  if (!cursor.take('{')) return false;
  cursor.skip_space();
  if (!cursor.take('}')) {
    for (;;) {
      std::string_view key;
      PlainJsonValue value;
      if (!cursor.string(key)) return false;
      cursor.skip_space();
      if (!cursor.take(':')) return false;
      cursor.skip_space();
      if (!cursor.value(value) || !on_member(key, value)) return false;
      cursor.skip_space();
      if (cursor.take('}')) break;
      if (!cursor.take(',')) return false;
      cursor.skip_space();
    }
  }
  cursor.skip_space();
  return cursor.at_end();
}

}  // namespace restjwt::detail
