// Sealing the key ring's secrets at rest with a key-encryption key (KEK): AES-256-GCM under a key
// derived from the KEK text with HKDF-SHA256, the kid as additional authenticated data, so that a
// sealed secret copied into another key's row does not open there.
#pragma once

#include <string>
#include <string_view>

#include "restjwt/expected.hpp"

namespace restjwt::detail {

// The fewest bytes of KEK text accepted (as JWT_SECRET_KEY's minimum).
inline constexpr std::size_t kMinKekBytes = 32;

// "sealed:v1:" + base64url(nonce (12) ‖ ciphertext ‖ tag (16)); a fresh random nonce every time.
Expected<std::string, std::string> seal_secret(std::string_view kek, std::string_view kid,
                                               std::string_view secret);

// The secret of a stored key: opened with the KEK when it is sealed, as it is otherwise. Errors:
// sealed without a KEK given, or one that does not open it (another KEK, another kid, altered).
Expected<std::string, std::string> open_secret(std::string_view kek, std::string_view kid,
                                               std::string_view stored);

bool is_sealed(std::string_view stored) noexcept;

}  // namespace restjwt::detail
