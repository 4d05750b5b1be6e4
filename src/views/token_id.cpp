#include <array>
#include <cstdlib>

#include <openssl/rand.h>

#include "restjwt/hooks.hpp"

namespace restjwt {

std::string random_token_id() {
  std::array<unsigned char, 16> bytes{};
  // RAND_bytes fails only when OpenSSL cannot seed at all; a predictable id would let anyone
  // guess which token a logout revoked, so no token is issued without one.
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) std::abort();
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id += '-';
    id += kHex[bytes[i] >> 4];
    id += kHex[bytes[i] & 0x0F];
  }
  return id;
}

}  // namespace restjwt
