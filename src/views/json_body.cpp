// The JSON body parser (DRF's JSONParser on Python's json module), as a SAX pass that keeps only
// the top-level fields: no DOM, and nesting depth costs nothing.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/plain_json.hpp"
#include "core/python_float.hpp"
#include "views/request_data.hpp"

namespace restjwt::detail {
namespace {

using json = nlohmann::json;

std::string_view trim_json_space(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// The text DRF's CharField gives a JSON number: str() of what Python's json made of it.
std::string number_text(double value, const std::string& raw) {
  // An integer too long for 64 bits stays an int in Python: its text is the digits as sent.
  if (raw.find_first_of(".eE") == std::string::npos) return raw;
  return python_float_text(value);  // "100000.0", "1000000000000000.0", "1e+16", "1.5e-05"
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The code point of a \uXXXX escape at s[i] (s[i] == '\\'), or -1.
int escape_at(std::string_view s, std::size_t i) {
  if (i + 6 > s.size() || s[i] != '\\' || s[i + 1] != 'u') return -1;
  int cp = 0;
  for (std::size_t k = i + 2; k < i + 6; ++k) {
    const int d = hex_digit(s[k]);
    if (d < 0) return -1;
    cp = cp * 16 + d;
  }
  return cp;
}

// A body whose strings hold lone UTF-16 surrogate escapes ("\ud800" without its pair), which
// Python's json keeps and nlohmann refuses: each becomes \ufffd, and the first one of each
// top-level field's string value is remembered (the last of repeated keys wins, as in the parse).
struct LoneSurrogates {
  std::string patched;
  std::map<std::string, std::uint16_t> first_by_field;
};

LoneSurrogates patch_lone_surrogates(std::string_view body) {
  LoneSurrogates out;
  out.patched.reserve(body.size());
  int depth = 0;
  bool top_is_object = false;
  bool expecting_key = false;
  std::string key;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c != '"') {
      out.patched += c;
      if (c == '{' || c == '[') {
        if (depth == 0) top_is_object = c == '{';
        ++depth;
        expecting_key = depth == 1 && top_is_object;
      } else if (c == '}' || c == ']') {
        --depth;
      } else if (c == ',' && depth == 1 && top_is_object) {
        expecting_key = true;
      } else if (c == ':' && depth == 1 && top_is_object) {
        out.first_by_field.erase(key);  // this occurrence's value decides
      }
      continue;
    }
    // A string token: copy it, replacing lone surrogate escapes.
    std::string token = "\"";
    std::uint16_t first_lone = 0;
    std::size_t j = i + 1;
    for (; j < body.size() && body[j] != '"'; ++j) {
      if (body[j] != '\\') {
        token += body[j];
        continue;
      }
      const int cp = escape_at(body, j);
      if (cp < 0xD800 || cp > 0xDFFF) {  // not a surrogate (or another escape): as written
        token += body[j];
        if (j + 1 < body.size()) token += body[++j];
        continue;
      }
      const int next = cp <= 0xDBFF ? escape_at(body, j + 6) : -1;
      if (next >= 0xDC00 && next <= 0xDFFF) {  // a pair: as written
        token.append(body.substr(j, 12));
        j += 11;
        continue;
      }
      if (first_lone == 0) first_lone = static_cast<std::uint16_t>(cp);
      token += "\\ufffd";
      j += 5;
    }
    if (j < body.size()) token += '"';  // an unterminated string stays unterminated
    out.patched += token;
    i = j;
    if (depth == 1 && top_is_object) {
      if (expecting_key) {
        const auto parsed = json::parse(token, nullptr, /*allow_exceptions=*/false);
        key = parsed.is_string() ? parsed.get<std::string>() : std::string();
        expecting_key = false;
      } else if (first_lone != 0) {
        out.first_by_field[key] = first_lone;
      }
    }
  }
  return out;
}

class TopLevelFields : public nlohmann::json_sax<json> {
 public:
  RequestData data;
  std::string error;
  // nlohmann's out_of_range 406: a number beyond double's range (where Python reads inf); where
  // it ended in the input and its text.
  static constexpr int kNumberOverflow = 406;
  std::optional<std::pair<std::size_t, std::string>> overflow;
  // nlohmann's parse_error 101 for "\ud800" without its pair, which Python's json accepts.
  static constexpr int kSyntaxError = 101;
  bool lone_surrogate = false;

  bool null() override { return scalar(FieldValue::Kind::kNull, "", "NoneType"); }
  bool boolean(bool) override { return scalar(FieldValue::Kind::kNotString, "", "bool"); }
  bool number_integer(number_integer_t v) override {
    return scalar(FieldValue::Kind::kString, std::to_string(v), "int");
  }
  bool number_unsigned(number_unsigned_t v) override {
    return scalar(FieldValue::Kind::kString, std::to_string(v), "int");
  }
  bool number_float(number_float_t v, const string_t& raw) override {
    const bool is_int = raw.find_first_of(".eE") == std::string::npos;
    return scalar(FieldValue::Kind::kString, number_text(v, raw), is_int ? "int" : "float");
  }
  bool string(string_t& v) override {
    return scalar(FieldValue::Kind::kString, std::move(v), "str");
  }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override { return open("dict"); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open("list"); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    if (depth_ == 1) key_ = std::move(k);
    return true;
  }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& e) override {
    if (e.id == kNumberOverflow) overflow = {position, last_token};
    // The reason only, not nlohmann's "last read: …" excerpt of the client's own bytes.
    const std::string_view what(e.what());
    lone_surrogate =
        e.id == kSyntaxError &&
        what.substr(0, what.find("; last read")).find("invalid string: surrogate U+") !=
            std::string_view::npos;
    error = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, …" → "parse error at line 1, …"
    if (const auto end = error.find("] "); end != std::string::npos) error.erase(0, end + 2);
    return false;
  }

 private:
  bool scalar(FieldValue::Kind kind, std::string text, const char* type) {
    if (depth_ == 0) {
      top_level(type);
    } else if (depth_ == 1 && in_object_) {
      data.fields[key_] = FieldValue{kind, std::move(text)};
    }
    return true;
  }
  bool open(const char* type) {
    if (depth_ == 0) {
      in_object_ = std::string_view(type) == "dict";
      if (!in_object_) top_level(type);
    } else if (depth_ == 1 && in_object_) {
      data.fields[key_] = FieldValue{FieldValue::Kind::kNotString, {}};
    }
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    return true;
  }
  void top_level(const char* type) {
    const std::string_view name(type);
    data.shape = name == "NoneType" ? RequestData::Shape::kNull : RequestData::Shape::kNotObject;
    data.type_name = name;
  }

  int depth_ = 0;
  bool in_object_ = false;
  std::string key_;
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
  if (auto plain = parse_plain_json_body(body)) return std::move(*plain);
  return parse_general_json_body(body);
}

Expected<RequestData, std::string> parse_general_json_body(std::string_view body) {
  // Python refuses a BOM in a str ("Unexpected UTF-8 BOM"); nlohmann would skip it.
  if (body.substr(0, 3) == "\xEF\xBB\xBF") {
    return unexpected(std::string("Unexpected UTF-8 BOM (decode using utf-8-sig)"));
  }
  // Python's json reads a float beyond double's range as inf (CharField makes it "inf") and an
  // int of any length exactly; nlohmann stops at both. Each such number is rewritten as the string
  // it would become and the body parsed again, a few times at most (a body of many is refused, not
  // parsed many times).
  std::string patched;
  std::string_view text = body;
  LoneSurrogates surrogates;
  bool patched_surrogates = false;
  for (int pass = 0;; ++pass) {
    TopLevelFields handler;
    const bool ok = json::sax_parse(text.begin(), text.end(), &handler,
                                    nlohmann::detail::input_format_t::json, /*strict=*/true);
    if (ok) {
      // A bare overflowing number is a float (or a huge int) at the top level, not a str.
      const std::string_view bare = trim_json_space(body);
      if (pass > 0 && handler.data.type_name == "str" &&
          bare.find_first_of("\"[{") == std::string_view::npos) {
        handler.data.type_name =
            bare.find_first_of(".eE") == std::string_view::npos ? "int" : "float";
      }
      for (const auto& [name, code_point] : surrogates.first_by_field) {
        const auto field = handler.data.fields.find(name);
        if (field != handler.data.fields.end() && field->second.kind == FieldValue::Kind::kString) {
          field->second.lone_surrogate = code_point;
        }
      }
      return std::move(handler.data);
    }
    if (handler.lone_surrogate && !patched_surrogates) {
      patched_surrogates = true;
      surrogates = patch_lone_surrogates(text);
      patched = std::move(surrogates.patched);
      text = patched;
      continue;
    }
    if (!handler.overflow || pass == 4) {
      return unexpected(handler.error.empty() ? std::string("invalid JSON") : handler.error);
    }
    const auto& [end, number] = *handler.overflow;
    if (number.empty() || end < number.size() ||
        text.substr(end - number.size(), number.size()) != number) {
      return unexpected(handler.error);
    }
    std::string next(text.substr(0, end - number.size()));
    if (number.find_first_of(".eE") == std::string::npos) {
      next += "\"" + number + "\"";  // an int beyond double's range: Python keeps its digits
    } else {
      next += number.front() == '-' ? "\"-inf\"" : "\"inf\"";
    }
    next += text.substr(end);
    patched = std::move(next);
    text = patched;
  }
}

}  // namespace restjwt::detail
