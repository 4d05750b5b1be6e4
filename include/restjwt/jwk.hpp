// JSON Web Keys (RFC 7517, RFC 7518 §6, RFC 8037): what the key ring publishes and what a remote
// key set is read from.
//
//   public_jwk(key, kid)     the public members of an RSA, EC or Ed25519 key, with "use":"sig",
//                            "alg" and "kid": one entry of /.well-known/jwks.json
//   jwk_thumbprint(key)      RFC 7638's SHA-256 thumbprint, base64url: the key ring's kid
//   key_from_jwk(jwk, alg)   a verification key from one entry of someone else's key set
//   generate_key_text(alg)   a new key: an HMAC secret, or a private key as PKCS#8 PEM
//
// HMAC secrets are never published: public_jwk() has nothing for them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "restjwt/expected.hpp"
#include "restjwt/keys.hpp"

namespace restjwt {

// {"kty":…,"use":"sig","alg":…,"kid":…, then n,e (RSA) | crv,x,y (EC) | crv,x (OKP)} as compact
// JSON; nullopt for an HMAC secret.
std::optional<std::string> public_jwk(const Key& key, std::string_view kid);

// RFC 7638: base64url(SHA-256(the required members in lexicographic order, no whitespace)).
// RSA {"e","kty","n"}; EC {"crv","kty","x","y"}; OKP {"crv","kty","x"}; HMAC {"k","kty":"oct"}.
// An HMAC secret's thumbprint gives an attacker nothing a token's own HMAC does not already give
// (both are offline tests of a guessed secret).
std::string jwk_thumbprint(const Key& key);

// A key from a JWK object, bound to `algorithm`: kty must fit it (RSA for RS*/PS*, EC with the
// algorithm's curve for ES*, OKP Ed25519 for EdDSA), an "alg" member must equal it, a "use" member
// must be "sig". Symmetric ("oct") and private members ("d") are refused: a key set is public.
Expected<Key, std::string> key_from_jwk(const nlohmann::json& jwk, Algorithm algorithm);

// A new key for `algorithm`: HMAC, 64 random bytes as base64url text (the text is the secret, as
// JWT_SECRET_KEY is); RSA 2048 bits; EC on the algorithm's curve; Ed25519. Private keys as PKCS#8
// PEM. Key::hmac_secret or Key::from_pem loads the result.
Expected<std::string, std::string> generate_key_text(Algorithm algorithm);

// The public half of an asymmetric key as PEM ("PUBLIC KEY"); "" for an HMAC secret.
std::string public_key_pem(const Key& key);

// The key a text of generate_key_text() (or a stored key) describes: an HMAC secret for HS*, a
// PEM key for the others.
Expected<Key, std::string> key_from_text(Algorithm algorithm, std::string_view text);

}  // namespace restjwt
