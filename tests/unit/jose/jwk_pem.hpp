// JWK (RFC 7517/7518/8037) → PEM, for the published vectors whose keys are JWKs. restjwt itself
// reads only PEM (Key::from_pem); this test helper builds the key with OpenSSL 3's
// EVP_PKEY_fromdata and writes it out, so the vectors go through the real loading path.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace restjwt::test {

enum class JwkPart { kPublic, kPrivate };

// RSA (n, e [, d, p, q, dp, dq, qi]), EC (crv P-256/384/521, x, y [, d]) or OKP Ed25519 (x [, d]).
// kPrivate needs the private members. nullopt for an unsupported or broken JWK.
std::optional<std::string> jwk_to_pem(const nlohmann::json& jwk, JwkPart part);

}  // namespace restjwt::test
