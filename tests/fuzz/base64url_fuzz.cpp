// libFuzzer target: strict base64url (wire contract §5.1). For any bytes x, decode(encode(x)) == x
// and encode uses only the alphabet; for any text s the decoder accepts, encode(decode(s)) == s, so
// one byte string has exactly one accepted spelling. The span and allocating forms agree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "restjwt/base64url.hpp"

namespace {

void require(bool condition) {
  if (!condition) {
    std::abort();
  }
}

bool in_alphabet(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  const std::string encoded = restjwt::base64url_encode(bytes);
  require(encoded.size() == (size * 4 + 2) / 3);
  for (const char c : encoded) {
    require(in_alphabet(c));
  }
  const auto round_trip = restjwt::base64url_decode(encoded);
  require(round_trip.has_value() && *round_trip == bytes);

  const auto decoded = restjwt::base64url_decode(bytes);
  const auto expected_size = restjwt::base64url_decoded_size(size);
  if (decoded) {
    require(expected_size.has_value() && decoded->size() == *expected_size);
    require(restjwt::base64url_encode(*decoded) == bytes);
  }
  if (expected_size) {
    std::vector<std::uint8_t> exact(*expected_size);
    const auto written = restjwt::base64url_decode(bytes, exact);
    require(written.has_value() == decoded.has_value());
    require(!written ||
            std::string_view(reinterpret_cast<const char*>(exact.data()), *written) == *decoded);
    if (*expected_size > 0) {
      std::vector<std::uint8_t> short_buffer(*expected_size - 1);
      require(!restjwt::base64url_decode(bytes, short_buffer).has_value());
    }
  }
  return 0;
}
