// The base64 codec, and restjwt/base64url.hpp on top of it in the same translation unit so that
// the JWS hot path (two or three decodes per token) calls the decoding loop directly.
#include "core/base64.hpp"

#include <array>

#include "restjwt/base64url.hpp"

namespace restjwt::detail {
namespace {

constexpr std::string_view kAlphabets[] = {
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
    "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
};

constexpr std::string_view digits_of(Base64Alphabet alphabet) {
  return kAlphabets[static_cast<std::size_t>(alphabet)];
}

constexpr std::uint8_t kInvalid = 0xFF;
using DecodeTable = std::array<std::uint8_t, 256>;

constexpr DecodeTable make_decode_table(std::string_view digits) {
  DecodeTable table{};
  table.fill(kInvalid);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    table[static_cast<unsigned char>(digits[i])] = static_cast<std::uint8_t>(i);
  }
  return table;
}

constexpr DecodeTable kDecodeTables[] = {make_decode_table(kAlphabets[0]),
                                         make_decode_table(kAlphabets[1]),
                                         make_decode_table(kAlphabets[2])};

// Four characters make three bytes; a lookup of 0xFF (not in the alphabet) sets a high bit.
std::optional<std::size_t> decode_with(const DecodeTable& table, std::string_view text,
                                       std::span<std::uint8_t> out) noexcept {
  if (text.size() % 4 == 1 || out.size() < base64_decoded_size(text.size())) {
    return std::nullopt;
  }
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t full = text.size() / 4 * 4;
  std::size_t o = 0;
  for (std::size_t i = 0; i < full; i += 4) {
    const std::uint32_t a = table[in[i]];
    const std::uint32_t b = table[in[i + 1]];
    const std::uint32_t c = table[in[i + 2]];
    const std::uint32_t d = table[in[i + 3]];
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
    const std::uint32_t a = table[in[full]];
    const std::uint32_t b = table[in[full + 1]];
    const std::uint32_t c = rest == 3 ? table[in[full + 2]] : 0;
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

std::string encode_with(std::string_view digits, std::span<const unsigned char> bytes, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n = (std::uint32_t{bytes[i]} << 16U) | (std::uint32_t{bytes[i + 1]} << 8U) |
                            std::uint32_t{bytes[i + 2]};
    out += digits[(n >> 18U) & 63U];
    out += digits[(n >> 12U) & 63U];
    out += digits[(n >> 6U) & 63U];
    out += digits[n & 63U];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = std::uint32_t{bytes[i]} << 16U;
    if (rest == 2) n |= std::uint32_t{bytes[i + 1]} << 8U;
    out += digits[(n >> 18U) & 63U];
    out += digits[(n >> 12U) & 63U];
    if (rest == 2) out += digits[(n >> 6U) & 63U];
    if (pad) out.append(rest == 1 ? 2 : 1, '=');
  }
  return out;
}

}  // namespace

std::string base64_encode(std::span<const unsigned char> bytes, Base64Alphabet alphabet, bool pad) {
  return encode_with(digits_of(alphabet), bytes, pad);
}

std::optional<std::size_t> base64_decode(std::string_view text, std::span<std::uint8_t> out,
                                         Base64Alphabet alphabet) noexcept {
  return decode_with(kDecodeTables[static_cast<std::size_t>(alphabet)], text, out);
}

}  // namespace restjwt::detail

namespace restjwt {

using detail::Base64Alphabet;

std::string base64url_encode(std::string_view bytes) {
  return detail::encode_with(
      detail::digits_of(Base64Alphabet::kUrl),
      std::span(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()),
      /*pad=*/false);
}

std::optional<std::size_t> base64url_decoded_size(std::size_t length) noexcept {
  if (length % 4 == 1) {
    return std::nullopt;
  }
  return detail::base64_decoded_size(length);
}

std::optional<std::size_t> base64url_decode(std::string_view text,
                                            std::span<std::uint8_t> out) noexcept {
  return detail::decode_with(detail::kDecodeTables[static_cast<std::size_t>(Base64Alphabet::kUrl)],
                             text, out);
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
