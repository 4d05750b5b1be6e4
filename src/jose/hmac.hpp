// HMAC with a per-thread, keyed EVP_MAC_CTX that is re-initialised per message: the one-shot
// HMAC() costs ~4× more, almost all of it key setup.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "jose/key_material.hpp"

namespace restjwt::detail {

// Writes the MAC of `message` into `out` (at least 64 bytes); returns its length, 0 on failure.
std::size_t hmac(const KeyMaterial& key, std::string_view message, std::span<std::uint8_t> out);

}  // namespace restjwt::detail
