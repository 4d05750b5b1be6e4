#include "views/responses.hpp"

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/compact_json.hpp"

namespace restjwt {
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

}  // namespace

// nlohmann's compact dump (UTF-8 kept, invalid bytes replaced); containers, integers and plain
// strings (every token, most names) are written by append_compact_json, a fraction of the cost of
// nlohmann's escaping pass. Only a string that went through that pass can hold a line separator.
std::string render_json(const Claims& value) {
  std::string text;
  text.reserve(256);
  bool escaped_strings = false;
  auto leaf = [&escaped_strings](const Claims& v, std::string& out) {
    escaped_strings = escaped_strings || v.is_string();
    out += v.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::detail::error_handler_t::replace);
  };
  detail::append_compact_json(value, text, leaf);
  if (escaped_strings) {
    escape_line_separators(text);
  }
  return text;
}

namespace detail {

std::string indent_json(std::string_view compact, int indent) {
  const auto value = Claims::parse(compact, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return std::string(compact);
  std::string text =
      value.dump(indent, ' ', /*ensure_ascii=*/false, nlohmann::detail::error_handler_t::replace);
  escape_line_separators(text);
  return text;
}

std::string json_string(std::string_view text) { return render_json(Claims(std::string(text))); }

}  // namespace detail

void add_security_headers(HeaderList& headers) {
  headers.emplace_back("X-Frame-Options", "DENY");
  headers.emplace_back("X-Content-Type-Options", "nosniff");
  headers.emplace_back("Referrer-Policy", "same-origin");
}

HttpResponse json_response(int status, std::string body, std::string_view allow) {
  HttpResponse response;
  response.status = status;
  response.headers.reserve(7);
  response.headers.emplace_back("Content-Type", "application/json");
  response.headers.emplace_back("Vary", "Accept");
  if (!allow.empty()) {
    response.headers.emplace_back("Allow", std::string(allow));
  }
  add_security_headers(response.headers);
  response.body = std::move(body);
  return response;
}

HttpResponse detail_response(int status, std::string_view message, std::string_view allow) {
  return json_response(status, "{\"detail\":" + detail::json_string(message) + "}", allow);
}

HttpResponse non_field_error(std::string_view message, std::string_view allow) {
  return json_response(400, "{\"non_field_errors\":[" + detail::json_string(message) + "]}", allow);
}

HttpResponse error_response(ErrorCode code, Surface surface, std::string_view allow) {
  const PublicError error = to_public(code, surface);
  if (surface == Surface::kTokenView && error.status == 400) {
    return non_field_error(error.message, allow);
  }
  return detail_response(error.status, error.message, allow);
}

HttpResponse method_not_allowed(std::string_view method, std::string_view allow) {
  // Django's request.method is upper-cased (dispatch itself ignores case).
  std::string upper(method);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return detail_response(405, "Method \"" + upper + "\" not allowed.", allow);
}

}  // namespace restjwt
