#include "store/common/uuid.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

#include <sys/random.h>

namespace restjwt::detail {
namespace {

constexpr std::string_view kHexDigits = "0123456789abcdef";

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char to_lower_hex(char c) { return (c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::optional<std::string> random_uuid_hex() {
  std::array<std::uint8_t, 16> bytes{};
  if (getrandom(bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size())) {
    return std::nullopt;
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0fU) | 0x40U);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3fU) | 0x80U);  // RFC 4122 variant
  std::string hex;
  hex.reserve(32);
  for (const std::uint8_t byte : bytes) {
    hex.push_back(kHexDigits[byte >> 4U]);
    hex.push_back(kHexDigits[byte & 0x0fU]);
  }
  return hex;
}

std::optional<std::string> uuid_to_hex(std::string_view text) {
  const bool dashed = text.size() == 36;
  if (!dashed && text.size() != 32) {
    return std::nullopt;
  }
  std::string hex;
  hex.reserve(32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (dashed && (i == 8 || i == 13 || i == 18 || i == 23)) {
      if (text[i] != '-') {
        return std::nullopt;
      }
      continue;
    }
    if (!is_hex(text[i])) {
      return std::nullopt;
    }
    hex.push_back(to_lower_hex(text[i]));
  }
  return hex;
}

std::string uuid_to_canonical(std::string_view stored) {
  const auto hex = uuid_to_hex(stored);
  if (!hex) {
    return std::string(stored);
  }
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < hex->size(); ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) {
      out.push_back('-');
    }
    out.push_back((*hex)[i]);
  }
  return out;
}

}  // namespace restjwt::detail
