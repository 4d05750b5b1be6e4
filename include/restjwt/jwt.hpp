// JWT encode and decode with drf-jwt's (PyJWT 1.7's) exact bytes and wire contract §5's checks.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "restjwt/clock.hpp"
#include "restjwt/expected.hpp"
#include "restjwt/key_source.hpp"
#include "restjwt/keys.hpp"

namespace restjwt {

// A JWT payload. Ordered, because drf-jwt's claims come out in insertion order (wire contract §4).
using Claims = nlohmann::ordered_json;

// Compact JSON as Python's json.dumps(separators=(',', ':')) writes it: no spaces, non-ASCII and
// DEL as \uXXXX (lowercase hex, surrogate pairs above U+FFFF), insertion order.
std::string serialize_claims(const Claims& claims);

// The compact token `b64(header).b64(payload).b64(signature)` with the header exactly
// {"typ":"JWT","alg":"<alg>"} (PyJWT 1.7's bytes). Same key, payload → same token.
Expected<std::string> encode_jwt(const Key& key, const Claims& payload);
// The same with a key ring's key: the header is {"typ":"JWT","alg":"<alg>","kid":"<kid>"}, kid
// last (PyJWT 1.7 checks only that a kid is a string). kInternal unless is_plain_kid(kid).
Expected<std::string> encode_jwt(const Key& key, const Claims& payload, std::string_view kid);

// The claim checks of wire contract §5.5, with drf-jwt's settings.
struct ClaimRules {
  bool verify_expiration = true;        // JWT_VERIFY_EXPIRATION
  std::int64_t leeway_seconds = 0;      // JWT_LEEWAY
  std::optional<std::string> audience;  // JWT_AUDIENCE
  std::optional<std::string> issuer;    // JWT_ISSUER
};

// Checks tokens for one algorithm (the allow-list has exactly one entry: JWT_ALGORITHM), or, with a
// KeySource, for the algorithm of the key the header's kid names.
// Thread-safe: verify() is const and the resolver and clock must be safe to call concurrently.
class TokenVerifier {
 public:
  static constexpr std::size_t kMaxTokenBytes = 8192;
  static constexpr int kMaxJsonDepth = 64;

  // Picks the verification key from the not-yet-verified payload: drf-jwt's per-user secret
  // (JWT_GET_USER_SECRET_KEY) looks the user up by `user_id`. Errors pass through as they are.
  using KeyResolver = std::function<Expected<Key>(const Claims& unverified_payload)>;

  TokenVerifier(Key key, ClaimRules rules, Clock clock);
  TokenVerifier(Algorithm algorithm, KeyResolver resolver, ClaimRules rules, Clock clock);
  // The key is the one `keys` has for the header's kid and alg (key_source.hpp); `keys` must
  // outlive the verifier. A header without kid gets the source's key for tokens without one.
  TokenVerifier(const KeySource& keys, ClaimRules rules, Clock clock);

  // Wire contract §5 in order: syntax, header, signature, payload, claims. Returns the payload.
  Expected<Claims> verify(std::string_view token) const;

  // JWT_ALGORITHM; meaningless with a KeySource, whose keys each have their own.
  Algorithm algorithm() const noexcept { return algorithm_; }
  const ClaimRules& rules() const noexcept { return rules_; }
  const Clock& clock() const noexcept { return clock_; }

 private:
  // With a KeySource: the header's checks (wire contract §5.2 and §16.8) and the key it names.
  Expected<Key> key_from_header(std::string_view header_json) const;

  Algorithm algorithm_;
  const KeySource* key_source_ = nullptr;  // set: the header's kid and alg choose the key
  // base64url of {"typ":"JWT","alg":…} and {"alg":…,"typ":"JWT"}: skipped without parsing.
  std::array<std::string, 2> known_headers_;
  KeyResolver resolver_;
  ClaimRules rules_;
  Clock clock_;
};

// The claim checks alone, on an already verified payload (exposed for tests and the CLI).
Expected<void> check_claims(const Claims& payload, const ClaimRules& rules, std::int64_t now);

// Parses JSON strictly: UTF-8, no BOM, no duplicate keys at any depth, at most `max_depth`
// levels of nesting, an object at the top. nullopt otherwise.
std::optional<Claims> parse_json_object_strict(std::string_view text,
                                               int max_depth = TokenVerifier::kMaxJsonDepth);

}  // namespace restjwt
