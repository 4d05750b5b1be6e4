// The plain JSON reader (core/plain_json.hpp) against the general parsers it shortcuts: whatever
// it takes, as a request body or as a token payload, the general parser must take too and read
// to the same result. A difference aborts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "jose/strict_json.hpp"
#include "views/request_data.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto plain = restjwt::detail::parse_plain_json_body(text)) {
    const auto general = restjwt::detail::parse_general_json_body(text);
    if (!general || !(*general == *plain)) std::abort();
  }
  if (const auto plain = restjwt::detail::parse_plain_json_claims(text)) {
    const auto general = restjwt::detail::parse_general_json_object_strict(text, 32);
    if (!general || *general != *plain || general->dump() != plain->dump()) std::abort();
  }
  return 0;
}
