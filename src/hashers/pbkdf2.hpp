// PBKDF2-HMAC (RFC 8018) over OpenSSL's SHA-1/SHA-256 compression functions, bit-identical to
// PKCS5_PBKDF2_HMAC and to Python's hashlib.pbkdf2_hmac, several times faster (see
// bench/pbkdf2_bench.cpp): the HMAC key blocks are absorbed once, then each iteration is exactly
// two compression-function calls on a pre-padded block.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace restjwt::detail {

enum class Pbkdf2Digest : std::uint8_t { kSha1, kSha256 };

// 20 or 32: Django's dklen (the digest size).
std::size_t pbkdf2_digest_size(Pbkdf2Digest digest) noexcept;

// Fills `out` (any length) with PBKDF2-HMAC-<digest>(password, salt, iterations).
// `iterations` must be at least 1. Thread-safe; no allocation.
void pbkdf2_hmac(Pbkdf2Digest digest, std::string_view password, std::string_view salt,
                 std::uint64_t iterations, std::span<unsigned char> out) noexcept;

}  // namespace restjwt::detail
