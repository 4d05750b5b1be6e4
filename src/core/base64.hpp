// The one base64 codec (RFC 4648), in the three alphabets restjwt writes: the standard one of
// Django's password hashes, the URL-safe one of JWS (restjwt/base64url.hpp is its public face)
// and bcrypt's. Decoding is strict and unpadded: JWS is its only reader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace restjwt::detail {

enum class Base64Alphabet : std::uint8_t {
  kStandard,  // A-Z a-z 0-9 + /  (RFC 4648 §4): PBKDF2, scrypt and argon2 hashes
  kUrl,       // A-Z a-z 0-9 - _  (RFC 4648 §5): JWS segments
  kBcrypt,    // . / A-Z a-z 0-9: bcrypt's salts
};

// Padded with '=' to a multiple of four as Python's base64.b64encode, or unpadded (argon2, JWS).
std::string base64_encode(std::span<const unsigned char> bytes, Base64Alphabet alphabet, bool pad);

// The byte length of `length` unpadded characters: three per four, one for a tail of two, two
// for a tail of three; a tail of one (which no encoder writes) adds nothing, as argon2-cffi's
// _decoded_str_len counts it.
constexpr std::size_t base64_decoded_size(std::size_t length) noexcept {
  return length / 4 * 3 + (length % 4 == 0 ? 0 : length % 4 - 1);
}

// Strict unpadded decoding: only the alphabet's 64 characters (no '=', no whitespace), not a
// length with a tail of one, and the unused low bits of the last character zero, so that one
// byte string has exactly one spelling. Writes into `out` (at least base64_decoded_size bytes)
// and returns the byte count, or nullopt.
std::optional<std::size_t> base64_decode(std::string_view text, std::span<std::uint8_t> out,
                                         Base64Alphabet alphabet) noexcept;

}  // namespace restjwt::detail
