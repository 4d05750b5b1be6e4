// Random request bodies for comparing restjwt's JSON body parser with Python's json under DRF:
// mostly objects like token requests, and everything that makes Python answer differently —
// escapes and UTF-16 surrogates (paired, lone, reversed, malformed), raw UTF-8 (valid, invalid,
// cut off at the end), numbers (huge ints, floats beyond double's range, forms JSON forbids),
// NaN and Infinity, nesting, repeated keys, whitespace Python does not skip, single-byte
// mutations and truncation.
#pragma once

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "support/json_samples.hpp"

namespace restjwt::test {

class DrfJsonSamples {
 public:
  explicit DrfJsonSamples(unsigned seed) : rng_(seed) {}

  std::string next() {
    std::string text;
    switch (pick(12)) {
      case 0:
        text = space() + value(1) + space();  // any top-level value
        break;
      case 1:
        text = "\xEF\xBB\xBF" + object(0);
        break;
      default:
        text = object(0);
        break;
    }
    switch (pick(8)) {
      case 0:
        mutate_one_byte(text, std::string("{}[]:,\" \\0-eE.tfnu\x00\x80\xff\x01", 23), rng_);
        break;
      case 1:
        text.resize(pick(text.size() + 1));  // cut short, maybe inside a UTF-8 sequence
        break;
      case 2:
        text += piece({"\xE2\x82", "\xF0\x9F\x98", "\xED\xA0", "\xED", "\xC3", "\xE0\x80", "x",
                       "\xF4\x90", " \xFF", "\n"});
        break;
      default:
        break;
    }
    return text;
  }

 private:
  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }
  std::string piece(const std::vector<std::string>& choices) {
    return choices[pick(choices.size())];
  }

  // The space-separated words of `text`.
  static std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t start = 0; start < text.size();) {
      const std::size_t end = std::min(text.find(' ', start), text.size());
      out.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }

  std::string space() {
    if (pick(3) != 0) return "";
    if (pick(40) == 0) return piece({"\f", "\v", "\xC2\xA0"});  // not JSON's whitespace
    return piece({" ", "\n", "\t ", "\r\n  ", "  \n\n "});
  }

  std::string string() {
    static const std::vector<std::string> pieces = {
        "token", "username", "a b", "", "\\\"", "\\\\", "\\/", "\\b\\f\\n\\r\\t", "\\u0000",
        "\\u00e9", "\\u20AC", "\\uFFFF", "\\ufeff", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
        "\xef\xbb\xbf", "\x7f",
        // surrogates: a pair, lone halves, reversed, a high one before other escapes or text
        "\\ud83d\\ude00", "\\uD834\\uDD1E", "\\ud800", "\\udfff", "\\udc00\\ud800",
        "\\ud800\\u0041", "\\ud800\\n", "\\ud800x", "\\uDBFF\\uDBFF\\uDC00"};
    // Python's errors and their positions.
    static const std::vector<std::string> malformed = {"\\x",
                                                       "\\u12",
                                                       "\\uzzzz",
                                                       "\\ud800\\uzz00",
                                                       "\\ud800\\u12",
                                                       "\\U0041",
                                                       "\x01",
                                                       "\n",
                                                       "\t",
                                                       "\xff",
                                                       "\xed\xa0\x80",
                                                       "\xc0\xaf",
                                                       "\xf4\x90\x80\x80",
                                                       "\xe2\x28\xa1",
                                                       "\\"};
    std::string out = "\"";
    for (std::size_t n = pick(4); n > 0; --n) {
      out += pick(25) == 0 ? piece(malformed) : piece(pieces);
    }
    if (pick(60) == 0) return out;  // unterminated
    return out + "\"";
  }

  std::string number() {
    static const std::vector<std::string> numbers = words(
        "0 -0 7 -12 1732830000 9223372036854775808 -9223372036854775809 18446744073709551616 "
        "123456789012345678901234567890 1.5 -0.0 100.00 1e2 1E5 1e15 1e16 1.5e300 0.0001 0.00001 "
        "123456789012345.6 1e400 -1E999 1e-400 -1e-400 2e-324 3e-324 1.7976931348623159e308 "
        "1.7976931348623157e308 5e-324 0.1e1 1e+2 1e-2 9007199254740993.0");
    // Forms Python stops at or refuses.
    static const std::vector<std::string> malformed =
        words("01 - +1 .5 1. 1e 1e+ 1.e5 -01 0x1 1_0 --1 NaN Infinity -Infinity -Inf nan infinity");
    if (pick(300) == 0) return std::string(4299 + pick(3), '7');  // Python's 4300-digit limit
    if (pick(100) == 0) return "-" + std::string(400, '9') + (pick(2) ? ".5" : "");
    if (pick(100) == 0) return "1" + std::string(400, '0') + piece({"", ".0", "e-800"});
    return pick(15) == 0 ? piece(malformed) : piece(numbers);
  }

  // Strings and numbers 3 in 10 each, literals 2 in 10, containers (shallower than 12) the rest.
  std::string value(int depth) {
    const std::size_t roll = pick(depth < 12 ? 10 : 8);
    if (roll < 3) return string();
    if (roll < 6) return number();
    if (roll < 8) {
      if (pick(15) == 0) return piece({"tru", "nul", "True", "None", "nulll"});
      return piece({"true", "false", "null"});
    }
    if (roll == 9) return object(depth + 1);
    std::string out = "[" + space();
    for (std::size_t n = pick(4), i = 0; i < n; ++i) {
      out += (i > 0 ? "," + space() : "") + value(depth + 1) + space();
    }
    if (pick(30) == 0) out += ",";
    return out + "]";
  }

  std::string object(int depth) {
    static const std::vector<std::string> keys = {
        "\"token\"", "\"username\"", "\"password\"", "\"email\"", "\"\"", "\"user\\u006eame\""};
    std::string out = space() + "{" + space();
    for (std::size_t n = pick(5), i = 0; i < n; ++i) {
      if (i > 0) out += "," + space();
      out += (pick(6) == 0 ? string() : keys[pick(keys.size())]) + space() + ":" + space() +
             value(depth) + space();
    }
    if (pick(30) == 0) out += ",";
    return out + "}" + space();
  }

  std::mt19937 rng_;
};

}  // namespace restjwt::test
