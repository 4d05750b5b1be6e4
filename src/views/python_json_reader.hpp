// A one-pass reader of JSON text that accepts, refuses and reports exactly what Python's json.loads
// does under DRF's JSONParser (strict strings, DRF's parse_constant refusing NaN and Infinity,
// Python's limit of 4300 digits on an int), but hands over only the document's own value and, when
// that is an object, its members: nested values are validated and skipped, never built, so depth
// costs one byte per level and no recursion.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "restjwt/expected.hpp"

namespace restjwt::detail {

enum class JsonKind : std::uint8_t {
  kObject,
  kArray,
  kString,
  kInteger,
  kFloat,
  kTrue,
  kFalse,
  kNull
};

// A value as the reader meets it; the text views the input or the reader's buffers and lasts
// until the call returns.
struct JsonToken {
  JsonKind kind = JsonKind::kNull;
  // kString: the decoded text, a lone UTF-16 surrogate escape ("\ud800" without its pair, which
  // Python keeps in the str) written as U+FFFD; kInteger, kFloat: the literal as sent.
  std::string_view text;
  std::uint16_t lone_surrogate = 0;  // kString: the first lone surrogate's code unit, or 0
};

// Receives the top of the document as it is read; a document that turns out malformed after some
// calls is still refused by read_python_json (the caller discards what it was given).
class JsonTopLevelSink {
 public:
  virtual ~JsonTopLevelSink() = default;
  // The document's value (an object or array when it opens).
  virtual void document(const JsonToken& value) = 0;
  // Each member of a top-level object, in order, repeated keys included (an object or array
  // value when it opens).
  virtual void member(const JsonToken& key, const JsonToken& value) = 0;
};

// Reads `text`, valid UTF-8 (python_utf8.hpp), feeding `sink`. The error is Python's text, its
// position counted in characters: "Expecting ',' delimiter: line 1 column 9 (char 8)".
Expected<void, std::string> read_python_json(std::string_view text, JsonTopLevelSink& sink);

}  // namespace restjwt::detail
