// Algorithms and typed keys for JWS (RFC 7518, RFC 8037).
//
// A Key knows what it is (HMAC secret, RSA, EC curve, Ed25519; public or private) and is bound to
// one algorithm when it is loaded, so a key that does not fit is an error at load time, not at the
// first request, and a public key can never be used as an HMAC secret (algorithm confusion).
// Keys are immutable and cheap to copy (shared), and safe to use from many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "restjwt/expected.hpp"

namespace restjwt {

enum class Algorithm : std::uint8_t {
  kHS256,
  kHS384,
  kHS512,
  kRS256,
  kRS384,
  kRS512,
  kPS256,
  kPS384,
  kPS512,
  kES256,
  kES384,
  kES512,
  kEdDSA,
};

// "HS256" → kHS256; exact, case-sensitive (PyJWT's names). "none" is never an algorithm here.
std::optional<Algorithm> algorithm_from_name(std::string_view name) noexcept;
std::string_view to_string(Algorithm algorithm) noexcept;
bool is_hmac(Algorithm algorithm) noexcept;
// The comma-separated list of names, for error messages.
std::string_view algorithm_names() noexcept;

namespace detail {
struct KeyMaterial;
}

class Key {
 public:
  // The minimum HMAC secret length the server accepts for JWT_SECRET_KEY (wire contract §15.7).
  static constexpr std::size_t kMinHmacSecretBytes = 32;

  // An HMAC secret for HS256/384/512. Refused: another algorithm, fewer than `min_bytes` bytes,
  // or text that looks like a PEM/SSH public key (PyJWT refuses those too).
  static Expected<Key, std::string> hmac_secret(Algorithm algorithm, std::string_view secret,
                                                std::size_t min_bytes = kMinHmacSecretBytes);

  // A PEM public key ("PUBLIC KEY", "RSA PUBLIC KEY") or private key ("PRIVATE KEY",
  // "RSA PRIVATE KEY", "EC PRIVATE KEY"), or an X.509 certificate's public key. It must fit the
  // algorithm: RSA of at least 2048 bits for RS*/PS*, P-256/P-384/P-521 for ES256/384/512,
  // Ed25519 for EdDSA.
  static Expected<Key, std::string> from_pem(Algorithm algorithm, std::string_view pem);

  Algorithm algorithm() const noexcept;
  // True for HMAC secrets and private keys.
  bool can_sign() const noexcept;
  // The exact signature length in bytes for this key (HMAC: digest size, RSA: modulus size,
  // ECDSA: 2 × field size, Ed25519: 64).
  std::size_t signature_size() const noexcept;

  const detail::KeyMaterial& material() const noexcept { return *material_; }

 private:
  explicit Key(std::shared_ptr<const detail::KeyMaterial> material);
  std::shared_ptr<const detail::KeyMaterial> material_;
};

}  // namespace restjwt
