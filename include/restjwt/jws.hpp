// JWS compact serialization signatures (RFC 7515) over OpenSSL 3 EVP.
//
// These work on raw bytes: `signing_input` is exactly the ASCII `header.payload` as it appears in
// the token (verification never re-serializes anything), and signatures are in JOSE form
// (ECDSA: fixed-length R‖S, RFC 7518 §3.4).
#pragma once

#include <string>
#include <string_view>

#include "restjwt/expected.hpp"
#include "restjwt/keys.hpp"

namespace restjwt {

// Signs with a secret or private key; kInternal if the key cannot sign or OpenSSL fails.
Expected<std::string> sign_jws(const Key& key, std::string_view signing_input);

// Verifies in constant time (HMAC: CRYPTO_memcmp). The length is checked against the key before
// any crypto (kSignatureLengthInvalid); ECDSA also needs 0 < r, s < n.
// Returns kSignatureInvalid or kSignatureLengthInvalid on failure.
Expected<void> verify_jws(const Key& key, std::string_view signing_input,
                          std::string_view signature);

}  // namespace restjwt
