// KeySource: where a verifier finds the key for a token, and a signer the key for a new one, when
// there are several keys told apart by the `kid` header (RFC 7515 §4.1.4): restjwt's own key ring
// (key_ring.hpp) or another issuer's published key set (remote_jwks.hpp).
//
// A verifier gives a source exactly two things of the unverified header: `kid` and `alg`. Nothing
// else of a token's header ever chooses a key (`jwk`, `jku`, `x5u`, `x5c` are never read), and a
// key is bound to one algorithm, so a token cannot pick how its signature is checked.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "restjwt/expected.hpp"
#include "restjwt/keys.hpp"

namespace restjwt {

// A key that signs, and the kid its tokens carry.
struct SigningKey {
  Key key;
  std::string kid;
};

class KeySource {
 public:
  virtual ~KeySource() = default;

  // The key for a token whose header names `kid` (nullopt: it names none) and `alg` (as
  // written). kKeyUnknown when no key has that kid (or the source has no key for a token without
  // one); kAlgorithmNotAllowed when the kid's key is for another algorithm. Called for every
  // token: no I/O, no lock held for long; thread-safe.
  [[nodiscard]] virtual Expected<Key> verification_key(std::optional<std::string_view> kid,
                                                       std::string_view alg) const = 0;

  // The key new tokens are signed with; kInternal when the source has none (it only verifies,
  // or its active key cannot be read). Thread-safe.
  [[nodiscard]] virtual Expected<SigningKey> signing_key() const = 0;

  // A shortcut for the headers the source's own signing writes ({"typ":"JWT","alg":…,"kid":…}):
  // the key whose header is exactly these base64url bytes, so that the verifier need not decode
  // and parse it; nullopt for any other header, which then goes the long way (verification_key).
  // Must agree with verification_key().
  [[nodiscard]] virtual std::optional<Key> key_for_own_header(
      std::string_view header_segment) const {
    (void)header_segment;
    return std::nullopt;
  }
};

// A kid restjwt writes into a header as it is: 1 to 128 characters of A-Z a-z 0-9 '-' '_' '.'
// (every RFC 7638 thumbprint is one), so that the header needs no JSON escaping.
bool is_plain_kid(std::string_view kid) noexcept;

}  // namespace restjwt
