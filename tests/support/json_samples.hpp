// Random JSON-like texts for testing a fast reader against the general parser it shortcuts:
// mostly flat objects of the shapes token requests carry, with escapes, non-ASCII, odd numbers,
// nesting, duplicate keys and single-byte mutations mixed in, so that both sides of every
// accept/decline decision come up often.
#pragma once

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace restjwt::test {

// Erases one byte of `text`, inserts one of `bytes`, or replaces one with it.
inline void mutate_one_byte(std::string& text, const std::string& bytes, std::mt19937& rng) {
  if (text.empty()) return;
  const auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  const std::size_t at = pick(text.size());
  switch (pick(3)) {
    case 0:
      text.erase(at, 1);
      break;
    case 1:
      text.insert(at, 1, bytes[pick(bytes.size())]);
      break;
    default:
      text[at] = bytes[pick(bytes.size())];
      break;
  }
}

class JsonSamples {
 public:
  explicit JsonSamples(unsigned seed) : rng_(seed) {}

  std::string next() {
    std::string text = object();
    if (pick(4) == 0) mutate(text);
    return text;
  }

 private:
  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }

  std::string space() {
    static const std::vector<std::string> spaces = {"",    "",     "",   " ", "\n",
                                                    "\t ", "\r\n", "\f", "\v"};
    return spaces[pick(spaces.size())];
  }

  std::string string() {
    static const std::vector<std::string> pieces = {
        "token",   "username", "user_id", "exp",  "eyJhbGciOiJIUzI1NiJ9.e30.sig",
        "a b",     "",         "-_.~",    "\\\"", "\\n",
        "\\u00e9", "\xc3\xa9", "\x01",    "\x7f", "\xff",
        "'",       "/",        "\\/"};
    std::string out = "\"";
    for (std::size_t n = pick(3); n > 0; --n) out += pieces[pick(pieces.size())];
    if (pick(40) == 0) return out;  // unterminated
    return out + "\"";
  }

  std::string number() {
    static const std::vector<std::string> numbers = {"0",
                                                     "-0",
                                                     "7",
                                                     "-12",
                                                     "1732830000",
                                                     "01",
                                                     "1.5",
                                                     "1e3",
                                                     "-",
                                                     "123456789012345678",
                                                     "1234567890123456789",
                                                     "-123456789012345678",
                                                     "18446744073709551616",
                                                     "1E-2",
                                                     "0.0",
                                                     "00",
                                                     "+1",
                                                     "9007199254740993",
                                                     ".5"};
    return numbers[pick(numbers.size())];
  }

  std::string value(int depth) {
    switch (pick(depth < 2 ? 9 : 7)) {
      case 0:
      case 1:
      case 2:
        return string();
      case 3:
      case 4:
        return number();
      case 5: {
        static const std::vector<std::string> words = {"true", "false", "null",
                                                       "tru",  "nul",   "True"};
        return words[pick(words.size())];
      }
      case 6:
        return string();
      case 7:
        return "[" + space() + (pick(2) ? value(depth + 1) : "") + "]";
      default:
        return object(depth + 1);
    }
  }

  std::string object(int depth = 0) {
    static const std::vector<std::string> keys = {"\"token\"", "\"username\"", "\"password\"",
                                                  "\"exp\"",   "\"\"",         "\"user_id\""};
    std::string out = space() + "{" + space();
    for (std::size_t n = pick(5), i = 0; i < n; ++i) {
      if (i > 0) out += "," + space();
      out += (pick(5) == 0 ? string() : keys[pick(keys.size())]) + space() + ":" + space() +
             value(depth) + space();
    }
    if (pick(30) == 0) out += ",";  // trailing comma
    return out + "}" + space();
  }

  void mutate(std::string& text) {
    mutate_one_byte(text, std::string("{}[]:,\" \\0-eE.tfn\x00\x80", 20), rng_);
  }

  std::mt19937 rng_;
};

// How often a fast reader took a sample and how often it declined.
struct SampleTally {
  int taken = 0;
  int declined = 0;
};

// Runs `compare(text)` over `count` samples: it checks the fast reader against the general one
// with EXPECT_…, and returns whether the fast reader took the text. Stops at the first failure.
template <typename Compare>
SampleTally compare_on_samples(unsigned seed, int count, Compare compare) {
  JsonSamples samples(seed);
  SampleTally tally;
  for (int i = 0; i < count && !::testing::Test::HasFailure(); ++i) {
    (compare(samples.next()) ? tally.taken : tally.declined) += 1;
  }
  return tally;
}

}  // namespace restjwt::test
