// Request bodies: the JSON, form and multipart parsers of the token views.
// The first byte picks the parser; the rest is the body. Never a crash; form and multipart
// values always come out as valid UTF-8 (invalid bytes replaced, as Python does).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "views/media_type.hpp"
#include "views/request_data.hpp"

namespace {

bool valid_utf8(std::string_view s) { return restjwt::detail::utf8_replace_invalid(s) == s; }

void check_strings(const restjwt::detail::RequestData& data) {
  for (const auto& [name, value] : data.fields) {
    if (!valid_utf8(name) || !valid_utf8(value.text)) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0: {
      const auto parsed = restjwt::detail::parse_json_body(body);
      if (parsed) {
        check_strings(*parsed);  // Python's decoder refuses invalid UTF-8; surrogates are U+FFFD
      } else if (parsed.error().empty() || !valid_utf8(parsed.error())) {
        std::abort();  // the reason is written into a JSON answer
      }
      break;
    }
    case 1:
      check_strings(restjwt::detail::parse_form_body(body));
      break;
    case 2: {
      const auto parsed =
          restjwt::detail::parse_multipart_body("multipart/form-data; boundary=B", body);
      if (parsed) check_strings(*parsed);
      break;
    }
    default: {
      // The Content-Type itself: media type parsing and the multipart boundary rules.
      (void)restjwt::detail::select_parser(body);
      (void)restjwt::detail::parse_multipart_body(body, "--B\r\n\r\n--B--");
      break;
    }
  }
  return 0;
}
