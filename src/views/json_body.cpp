// The JSON body parser: DRF's JSONParser (Python's json module over a UTF-8 stream reader) and
// what DRF's CharField then makes of each top-level field, in one pass that keeps only those.
#include <algorithm>
#include <charconv>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "core/plain_json.hpp"
#include "core/python_float.hpp"
#include "views/python_json_reader.hpp"
#include "views/python_utf8.hpp"
#include "views/request_data.hpp"

namespace restjwt::detail {
namespace {

// Whether a decimal literal out of double's range is too large rather than too small: where its
// first non-zero digit stands once the exponent is applied (far from 10^0 either way).
bool is_beyond_max(std::string_view literal) {
  const auto e = literal.find_first_of("eE");
  long long exponent = 0;
  if (e != std::string_view::npos) {
    const bool negative = literal[e + 1] == '-';
    for (std::size_t i = e + 1; i < literal.size(); ++i) {
      if (literal[i] >= '0' && literal[i] <= '9' && exponent < 1'000'000'000) {
        exponent = exponent * 10 + (literal[i] - '0');
      }
    }
    if (negative) exponent = -exponent;
  }
  const std::string_view mantissa = literal.substr(0, e);
  const auto first = static_cast<long long>(mantissa.find_first_of("123456789"));
  const auto point = static_cast<long long>(std::min(mantissa.find('.'), mantissa.size()));
  return (first < point ? point - first : point - first + 1) + exponent > 0;
}

// str(float(literal)): Python reads a literal beyond double's range as inf (CharField: "inf") and
// one below it as 0.0.
std::string float_text(std::string_view literal) {
  double value = 0;
  const auto [end, ec] = std::from_chars(literal.data(), literal.data() + literal.size(), value);
  if (ec == std::errc::result_out_of_range) {
    const bool negative = literal.front() == '-';
    if (is_beyond_max(literal)) return negative ? "-inf" : "inf";
    value = negative ? -0.0 : 0.0;
  }
  return python_float_text(value);  // "100000.0", "1000000000000000.0", "1e+16", "1.5e-05"
}

// What a JSON value becomes as a field: CharField takes str(value) of an int or float.
FieldValue field_value(const JsonToken& value) {
  switch (value.kind) {
    case JsonKind::kString:
      return {FieldValue::Kind::kString, std::string(value.text), value.lone_surrogate};
    case JsonKind::kInteger:  // str(int) is the digits as sent (any length), but "-0" is "0"
      return {FieldValue::Kind::kString, value.text == "-0" ? "0" : std::string(value.text)};
    case JsonKind::kFloat:
      return {FieldValue::Kind::kString, float_text(value.text)};
    case JsonKind::kNull:
      return {FieldValue::Kind::kNull, {}};
    case JsonKind::kTrue:
    case JsonKind::kFalse:
    case JsonKind::kArray:
    case JsonKind::kObject:
      break;
  }
  return {FieldValue::Kind::kNotString, {}};
}

// Python's type(value).__name__, for "Invalid data. Expected a dictionary, but got list."
const char* python_type_name(JsonKind kind) {
  switch (kind) {
    case JsonKind::kObject:
      return "dict";
    case JsonKind::kArray:
      return "list";
    case JsonKind::kString:
      return "str";
    case JsonKind::kInteger:
      return "int";
    case JsonKind::kFloat:
      return "float";
    case JsonKind::kTrue:
    case JsonKind::kFalse:
      return "bool";
    case JsonKind::kNull:
      break;
  }
  return "NoneType";
}

class TopLevelFields final : public JsonTopLevelSink {
 public:
  RequestData data;

  void document(const JsonToken& value) override {
    if (value.kind == JsonKind::kObject) return;
    data.shape =
        value.kind == JsonKind::kNull ? RequestData::Shape::kNull : RequestData::Shape::kNotObject;
    data.type_name = python_type_name(value.kind);
  }
  void member(const JsonToken& key, const JsonToken& value) override {
    // A key holding a lone surrogate is a str no field name equals: the member is ignored.
    if (key.lone_surrogate != 0) return;
    data.fields.insert_or_assign(std::string(key.text), field_value(value));  // the last one wins
  }
};

}  // namespace

std::optional<RequestData> parse_plain_json_body(std::string_view body) {
  RequestData data;
  const bool plain =
      read_plain_json_object(body, [&](std::string_view key, const PlainJsonValue& value) {
        FieldValue field;
        switch (value.kind) {
          case PlainJsonValue::Kind::kString:
            field = {FieldValue::Kind::kString, std::string(value.text)};
            break;
          case PlainJsonValue::Kind::kInteger:  // str(int): "-0" is "0"
            field = {FieldValue::Kind::kString, std::to_string(value.integer)};
            break;
          case PlainJsonValue::Kind::kTrue:
          case PlainJsonValue::Kind::kFalse:
            field = {FieldValue::Kind::kNotString, {}};
            break;
          case PlainJsonValue::Kind::kNull:
            field = {FieldValue::Kind::kNull, {}};
            break;
        }
        data.fields.insert_or_assign(std::string(key), std::move(field));  // the last one wins
        return true;
      });
  if (!plain) return std::nullopt;
  return data;
}

Expected<RequestData, std::string> parse_json_body(std::string_view body) {
  return parse_general_json_body(body);
}

Expected<RequestData, std::string> parse_general_json_body(std::string_view body) {
  // Python decodes the whole body before its json module reads a character: a decoding error
  // anywhere comes first.
  const auto decoded = python_utf8_stream_length(body);
  if (!decoded) return unexpected(decoded.error());
  TopLevelFields fields;
  const auto read = read_python_json(body.substr(0, *decoded), fields);
  if (!read) return unexpected(read.error());
  return std::move(fields.data);
}

}  // namespace restjwt::detail
