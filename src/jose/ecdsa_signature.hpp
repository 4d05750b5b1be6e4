// ECDSA signatures between OpenSSL's DER form and JOSE's fixed-length R‖S (RFC 7518 §3.4).
#pragma once

#include <string>
#include <string_view>

#include <openssl/evp.h>

#include "jose/key_material.hpp"
#include "restjwt/expected.hpp"

namespace restjwt::detail {

// DER → R‖S, each half left-padded to `jose_size / 2` bytes.
Expected<std::string> der_to_jose(std::string_view der, std::size_t jose_size);

// R‖S → DER, refusing r or s outside [1, n-1] (kSignatureInvalid) before any verification;
// `order` is the curve order n. The caller has already checked the length.
Expected<std::string> jose_to_der(std::string_view jose, const BIGNUM* order);

// The order n of an EC key's curve, or null.
OwnedBignum curve_order(EVP_PKEY* key);

}  // namespace restjwt::detail
