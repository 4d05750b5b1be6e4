#include "views/fields.hpp"

#include "views/responses.hpp"

namespace restjwt::detail {
namespace {

// The UTF-8 spellings of the characters Python's str.isspace() accepts beyond ASCII.
constexpr std::string_view kUnicodeSpaces[] = {
    "\xC2\x85",     "\xC2\xA0",     "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x81",
    "\xE2\x80\x82", "\xE2\x80\x83", "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86",
    "\xE2\x80\x87", "\xE2\x80\x88", "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\xA8",
    "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80"};
constexpr std::string_view kAsciiSpaces = " \t\n\r\v\f\x1c\x1d\x1e\x1f";

// The byte length of a whitespace character at the start (or, with `at_end`, the end) of `s`.
std::size_t space_length(std::string_view s, bool at_end) {
  if (s.empty()) return 0;
  if (kAsciiSpaces.find(at_end ? s.back() : s.front()) != std::string_view::npos) return 1;
  for (const auto space : kUnicodeSpaces) {
    if (at_end ? s.ends_with(space) : s.starts_with(space)) return space.size();
  }
  return 0;
}

// Python's str.strip() with no arguments, which DRF's CharField applies (trim_whitespace).
std::string_view python_strip(std::string_view s) {
  while (const std::size_t n = space_length(s, false)) s.remove_prefix(n);
  while (const std::size_t n = space_length(s, true)) s.remove_suffix(n);
  return s;
}

// "Surrogate characters are not allowed: U+D800." (Python's "{:X}" of the code point).
std::string surrogate_message(std::uint16_t code_point) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string message = "Surrogate characters are not allowed: U+";
  for (int shift = 12; shift >= 0; shift -= 4) message += kHex[(code_point >> shift) & 15U];
  return message + ".";
}

}  // namespace

ValidatedFields validate_fields(const RequestData& data, const std::vector<FieldSpec>& specs) {
  ValidatedFields result;
  for (const auto& spec : specs) {
    const FieldValue* value = data.find(spec.name);
    std::string_view error;
    std::string text;
    if (value == nullptr) {
      error = "This field is required.";
    } else if (value->kind == FieldValue::Kind::kNull) {
      error = "This field may not be null.";
    } else if (value->kind == FieldValue::Kind::kNotString) {
      error = "Not a valid string.";
    } else if (python_strip(value->text).empty()) {
      error = "This field may not be blank.";
    } else {
      // DRF's CharField validators, each reporting: Django's ProhibitNullCharactersValidator (a
      // NUL would otherwise cut the text short in PostgreSQL's C-string parameters), then DRF's
      // ProhibitSurrogateCharactersValidator.
      if (value->text.find('\0') != std::string::npos) {
        result.errors.emplace_back(spec.name, "Null characters are not allowed.");
      }
      if (value->lone_surrogate != 0) {
        result.errors.emplace_back(spec.name, surrogate_message(value->lone_surrogate));
      }
      if (result.errors.empty() || result.errors.back().first != spec.name) {
        text = spec.trim ? std::string(python_strip(value->text)) : value->text;
      }
    }
    if (!error.empty()) {
      result.errors.emplace_back(spec.name, std::string(error));
    }
    result.values.push_back(std::move(text));
  }
  return result;
}

std::string render_field_errors(const ValidatedFields& fields) {
  std::string body = "{";
  for (std::size_t i = 0; i < fields.errors.size(); ++i) {
    const auto& [name, message] = fields.errors[i];
    const bool same_field = i > 0 && fields.errors[i - 1].first == name;
    if (same_field) {
      body.back() = ',';  // reopen the field's list
    } else {
      if (body.size() > 1) body += ',';
      body += json_string(name);
      body += ":[";
    }
    body += json_string(message);
    body += ']';
  }
  body += '}';
  return body;
}

std::optional<std::string> body_shape_error(const RequestData& data) {
  switch (data.shape) {
    case RequestData::Shape::kObject:
      return std::nullopt;
    case RequestData::Shape::kNull:
      return std::string("No data provided");
    case RequestData::Shape::kNotObject:
      return "Invalid data. Expected a dictionary, but got " + data.type_name + ".";
  }
  return std::nullopt;
}

}  // namespace restjwt::detail
