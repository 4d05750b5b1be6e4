// Base64url without padding (RFC 7515 §2), strict on input (wire contract §5.1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace restjwt {

std::string base64url_encode(std::string_view bytes);

// The exact decoded size of `length` base64url characters, or nullopt when no valid text has
// that length (length % 4 == 1).
std::optional<std::size_t> base64url_decoded_size(std::size_t length) noexcept;

// Decodes strictly: only `A-Z a-z 0-9 - _`, no `=`, no whitespace, and the unused low bits of the
// last character must be zero, so that one byte string has exactly one spelling. Writes into
// `out` (which must hold base64url_decoded_size bytes) and returns the byte count, or nullopt.
std::optional<std::size_t> base64url_decode(std::string_view text,
                                            std::span<std::uint8_t> out) noexcept;

// Convenience form that allocates.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace restjwt
