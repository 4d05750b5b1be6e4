#include "restjwt/base64url.hpp"

#include <array>

namespace restjwt {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::uint8_t kInvalid = 0xFF;

constexpr std::array<std::uint8_t, 256> make_decode_table() {
  std::array<std::uint8_t, 256> table{};
  table.fill(kInvalid);
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::uint8_t>(i);
  }
  return table;
}

constexpr auto kDecodeTable = make_decode_table();

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::size_t i = 0;
  const auto byte = [&](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k]));
  };
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const std::uint32_t n = byte(i) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
  } else if (rest == 2) {
    const std::uint32_t n = (byte(i) << 16) | (byte(i + 1) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
  }
  return out;
}

std::optional<std::size_t> base64url_decoded_size(std::size_t length) noexcept {
  if (length % 4 == 1) {
    return std::nullopt;
  }
  return length / 4 * 3 + (length % 4 == 0 ? 0 : length % 4 - 1);
}

std::optional<std::size_t> base64url_decode(std::string_view text,
                                            std::span<std::uint8_t> out) noexcept {
  const auto size = base64url_decoded_size(text.size());
  if (!size || out.size() < *size) {
    return std::nullopt;
  }
  std::size_t o = 0;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : text) {
    const std::uint8_t v = kDecodeTable[static_cast<unsigned char>(c)];
    if (v == kInvalid) {
      return std::nullopt;
    }
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = static_cast<std::uint8_t>(acc >> bits);
      acc &= (1U << bits) - 1;
    }
  }
  // Leftover bits (2 or 4) must be zero: otherwise "QQ" and "QR" would both decode to "A".
  if (acc != 0) {
    return std::nullopt;
  }
  return o;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  const auto size = base64url_decoded_size(text.size());
  if (!size) {
    return std::nullopt;
  }
  std::string out(*size, '\0');
  const auto written = base64url_decode(
      text, std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(out.data()), out.size()));
  if (!written) {
    return std::nullopt;
  }
  return out;
}

}  // namespace restjwt
