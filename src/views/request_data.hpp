// request.data as DRF builds it from a JSON, form or multipart body (wire contract §2), reduced to
// what the serializers look at: the top-level fields, each a string, null, or something else.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "restjwt/expected.hpp"
#include "restjwt/http.hpp"

namespace restjwt::detail {

struct FieldValue {
  enum class Kind : std::uint8_t {
    kString,     // a string, or a JSON number as Python's str() writes it
    kNull,       // JSON null
    kNotString,  // true/false, array, object, an uploaded file
  };
  Kind kind = Kind::kString;
  std::string text;
  // Python's json keeps a lone UTF-16 surrogate escape ("\ud800") in the string, where text holds
  // U+FFFD; DRF's CharField then refuses it. The first one's code point, or 0.
  std::uint16_t lone_surrogate = 0;
  friend bool operator==(const FieldValue&, const FieldValue&) = default;
};

struct RequestData {
  enum class Shape : std::uint8_t { kObject, kNull, kNotObject };
  Shape shape = Shape::kObject;
  std::string type_name;                     // kNotObject: Python's name: list, str, int, …
  std::map<std::string, FieldValue> fields;  // repeated keys: the last wins

  const FieldValue* find(const std::string& name) const {
    const auto it = fields.find(name);
    return it == fields.end() ? nullptr : &it->second;
  }
  friend bool operator==(const RequestData&, const RequestData&) = default;
};

// The parsed body, or the 400/415 response DRF gives (with `allow` as the Allow header).
Expected<RequestData, HttpResponse> parse_request_data(const HttpRequest& request,
                                                       std::string_view allow);

// The parsers, for tests and fuzzing. Errors are the reason text after DRF's prefix.
Expected<RequestData, std::string> parse_json_body(std::string_view body);
// parse_json_body is parse_general_json_body, one pass of a reader of Python's json
// (views/python_json_reader.hpp). The reader of plain flat objects (core/plain_json.hpp; nullopt
// for anything else) was its fast road and is now slower on token bodies (BENCHMARKS.md); it
// stays as an independent second reader that tests and the fuzzer compare the general one with.
std::optional<RequestData> parse_plain_json_body(std::string_view body);
Expected<RequestData, std::string> parse_general_json_body(std::string_view body);
RequestData parse_form_body(std::string_view body);
Expected<RequestData, std::string> parse_multipart_body(std::string_view content_type,
                                                        std::string_view body);

// Replaces invalid UTF-8 with U+FFFD, as Python's decode(errors='replace') does.
std::string utf8_replace_invalid(std::string_view bytes);

}  // namespace restjwt::detail
