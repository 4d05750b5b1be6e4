#include "views/responses.hpp"

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/plain_json.hpp"

namespace restjwt::detail {
namespace {

// DRF's JSONRenderer writes U+2028 and U+2029 escaped, as they end lines in JavaScript.
void escape_line_separators(std::string& text) {
  static constexpr std::string_view kLs = "\xE2\x80\xA8";
  static constexpr std::string_view kPs = "\xE2\x80\xA9";
  for (std::size_t at = text.find("\xE2\x80"); at != std::string::npos;
       at = text.find("\xE2\x80", at + 1)) {
    const std::string_view here(text.data() + at, std::min<std::size_t>(3, text.size() - at));
    if (here == kLs || here == kPs) {
      text.replace(at, 3, here == kLs ? "\\u2028" : "\\u2029");
    }
  }
}

// nlohmann's compact dump (UTF-8 kept, invalid bytes replaced), with containers, integers and plain
// strings (core/plain_json.hpp: every token and most names) written here, which costs a fraction
// of nlohmann's escaping pass. True when some string went through that pass, so that it may hold
// a line separator.
bool append_json(const Claims& value, std::string& out) {
  const auto escaped = [&out](const Claims& leaf) {
    out += leaf.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::detail::error_handler_t::replace);
    return true;
  };
  bool escaping = false;
  switch (value.type()) {
    case Claims::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : value.get_ref<const Claims::object_t&>()) {
        out += first ? "" : ",";
        first = false;
        if (!append_plain_json_string(key, out)) escaping = escaped(Claims(key));
        out += ':';
        escaping = append_json(member, out) || escaping;
      }
      out += '}';
      return escaping;
    }
    case Claims::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& element : value) {
        out += first ? "" : ",";
        first = false;
        escaping = append_json(element, out) || escaping;
      }
      out += ']';
      return escaping;
    }
    case Claims::value_t::string:
      return append_plain_json_string(value.get_ref<const std::string&>(), out) ? false
                                                                                : escaped(value);
    case Claims::value_t::number_integer:
      out += std::to_string(value.get<std::int64_t>());
      return false;
    case Claims::value_t::number_unsigned:
      out += std::to_string(value.get<std::uint64_t>());
      return false;
    case Claims::value_t::null:
    case Claims::value_t::boolean:
    case Claims::value_t::number_float:
    case Claims::value_t::binary:
    case Claims::value_t::discarded:
      out += value.dump();
      return false;
  }
  return false;
}

}  // namespace

std::string render_json(const Claims& value) {
  std::string text;
  text.reserve(256);
  if (append_json(value, text)) {
    escape_line_separators(text);
  }
  return text;
}

std::string json_string(std::string_view text) { return render_json(Claims(std::string(text))); }

HttpResponse json_response(int status, std::string body, std::string_view allow) {
  HttpResponse response;
  response.status = status;
  response.headers.reserve(7);
  response.headers.emplace_back("Content-Type", "application/json");
  response.headers.emplace_back("Vary", "Accept");
  if (!allow.empty()) {
    response.headers.emplace_back("Allow", std::string(allow));
  }
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy", "same-origin");
  response.body = std::move(body);
  return response;
}

HttpResponse detail_response(int status, std::string_view message, std::string_view allow) {
  return json_response(status, "{\"detail\":" + json_string(message) + "}", allow);
}

HttpResponse non_field_error(std::string_view message, std::string_view allow) {
  return json_response(400, "{\"non_field_errors\":[" + json_string(message) + "]}", allow);
}

}  // namespace restjwt::detail
