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
  // Four characters make three bytes; a lookup of 0xFF (not in the alphabet) sets a high bit.
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t full = text.size() / 4 * 4;
  std::size_t o = 0;
  for (std::size_t i = 0; i < full; i += 4) {
    const std::uint32_t a = kDecodeTable[in[i]];
    const std::uint32_t b = kDecodeTable[in[i + 1]];
    const std::uint32_t c = kDecodeTable[in[i + 2]];
    const std::uint32_t d = kDecodeTable[in[i + 3]];
    if (((a | b | c | d) & 0xC0U) != 0) {
      return std::nullopt;
    }
    const std::uint32_t n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o] = static_cast<std::uint8_t>(n >> 16);
    out[o + 1] = static_cast<std::uint8_t>(n >> 8);
    out[o + 2] = static_cast<std::uint8_t>(n);
    o += 3;
  }
  // The tail: two characters are one byte, three are two. Their unused low bits (4 or 2) must be
  // zero: otherwise "QQ" and "QR" would both decode to "A".
  const std::size_t rest = text.size() - full;
  if (rest >= 2) {
    const std::uint32_t a = kDecodeTable[in[full]];
    const std::uint32_t b = kDecodeTable[in[full + 1]];
    const std::uint32_t c = rest == 3 ? kDecodeTable[in[full + 2]] : 0;
    if (((a | b | c) & 0xC0U) != 0) {
      return std::nullopt;
    }
    const std::uint32_t n = (a << 18) | (b << 12) | (c << 6);
    out[o++] = static_cast<std::uint8_t>(n >> 16);
    if (rest == 3) {
      out[o++] = static_cast<std::uint8_t>(n >> 8);
    }
    const std::uint32_t unused = rest == 2 ? (n & 0xFFFFU) : (n & 0xFFU);
    if (unused != 0) {
      return std::nullopt;
    }
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
