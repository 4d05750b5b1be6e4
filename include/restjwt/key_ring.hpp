// The key ring: several signing keys, told apart by `kid`, rotated without a restart and shared by
// every node (docs/keys.md).
//
// Each key has a state:
//   next     published in the JWKS, not signing yet: verifiers fetch it before its first token
//   active   signs new tokens; exactly one
//   retired  verifies the tokens it signed until the last of them has expired (retired_at +
//            token_lifetime), then is removed
// Keys live in a KeyStore: a table of the shared database (sqlite_key_store.hpp,
// postgres_key_store.hpp) or a directory of key files with a manifest (directory_key_store.hpp).
// Private keys and HMAC secrets are sealed with a key-encryption key when one is given
// (AES-256-GCM; the `kek` of KeyRingOptions, RESTJWT_KEYS__KEK in the server).
//
// KeyRing is the KeySource the TokenChecker asks for keys: lookups read an immutable snapshot of
// the ring (no lock, no I/O); reload() reads the store again and swaps the snapshot when something
// changed; rotate() runs the scheduled steps; start() does both every poll interval on a thread of
// its own, so nodes pick up each other's changes without a restart.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "restjwt/clock.hpp"
#include "restjwt/events.hpp"
#include "restjwt/expected.hpp"
#include "restjwt/key_source.hpp"
#include "restjwt/keys.hpp"
#include "restjwt/user_store.hpp"

namespace restjwt {

enum class KeyState : std::uint8_t { kNext, kActive, kRetired };

std::string_view to_string(KeyState state) noexcept;  // "next", "active", "retired"
std::optional<KeyState> key_state_from_name(std::string_view name) noexcept;

// One key as a KeyStore keeps it. Times are epoch seconds, 0 for "never".
struct StoredKey {
  std::string kid;
  Algorithm algorithm = Algorithm::kHS256;
  KeyState state = KeyState::kNext;
  std::int64_t created_at = 0;
  std::int64_t activated_at = 0;  // when it last became active
  std::int64_t retired_at = 0;    // when it was retired (0 while next or active)
  std::string public_pem;         // asymmetric keys: the public key; "" for HMAC secrets
  // The private key (PKCS#8 PEM) or the HMAC secret: as is, or sealed with the KEK ("sealed:v1:…").
  std::string secret;
};

// Where the ring lives. Every write is one atomic step that two nodes may race for: the loser
// changes nothing and learns it (false). Thread-safe; methods block (never on a request).
class KeyStore {
 public:
  virtual ~KeyStore() = default;
  // Every key, in no particular order.
  virtual StoreResult<std::vector<StoredKey>> load() = 0;
  // Adds a key. false, nothing written, when its kid exists, or it is next or active and the ring
  // already has a key in that state (so of two nodes adding the next key, one wins).
  virtual StoreResult<bool> insert(const StoredKey& key) = 0;
  // Makes `kid` (next or retired) the active key and retires the active one (retired_at = now),
  // in one step. `replaces` is the kid of the active key the caller saw ("" for none): false,
  // nothing written, when the active key is another by now or `kid` is neither next nor retired.
  virtual StoreResult<bool> activate(const std::string& kid, const std::string& replaces,
                                     std::int64_t now) = 0;
  // Retires a next key (it never signed). false when `kid` is not a next key.
  virtual StoreResult<bool> retire(const std::string& kid, std::int64_t now) = 0;
  // Removes a key that is not active. false when there is no such key, or it is active.
  virtual StoreResult<bool> remove(const std::string& kid) = 0;
};

struct KeyRingOptions {
  // The algorithm of the keys the ring generates (JWT_ALGORITHM). Existing keys keep their own.
  Algorithm algorithm = Algorithm::kHS256;
  // How long a retired key still verifies: the life of the last token it signed (the server:
  // JWT_EXPIRATION_DELTA, plus JWT_REFRESH_EXPIRATION_DELTA when refresh is on, plus JWT_LEEWAY).
  std::chrono::seconds token_lifetime{300};
  // Scheduled rotation: a new active key this long after the last one became active; 0 for none.
  std::chrono::seconds rotate_every{0};
  // A scheduled next key is published at least this long before it signs, so that a verifier
  // that cached the JWKS before it appeared has fetched it again by then.
  std::chrono::seconds publish_ahead{std::chrono::hours(24)};
  // The key-encryption key: at least 32 bytes of text, or "" to store keys as they are.
  std::string kek;
};

// The moment a retired key may go: retired_at + token_lifetime (0 for a key that is not retired).
std::int64_t retired_key_expires_at(const StoredKey& key, std::chrono::seconds token_lifetime);

// A new key for the ring: generated for `algorithm`, its kid the RFC 7638 thumbprint, its secret
// sealed with `kek` when one is given.
Expected<StoredKey, std::string> make_stored_key(Algorithm algorithm, KeyState state,
                                                 std::int64_t now, const std::string& kek);
// A key the operator already has (an HMAC secret, or a private key as PEM), as make_stored_key.
Expected<StoredKey, std::string> import_stored_key(Algorithm algorithm, std::string_view text,
                                                   KeyState state, std::int64_t now,
                                                   const std::string& kek);

class KeyRing final : public KeySource {
 public:
  // Reads the ring once. With `create_first_key`, an empty ring gets an active key (the first
  // node to start creates it; the others find it). Errors are start-up messages: the store cannot
  // be read, a sealed key without the KEK (or with the wrong one), no active key.
  static Expected<std::shared_ptr<KeyRing>, std::string> open(
      std::shared_ptr<KeyStore> store, KeyRingOptions options, Clock clock = system_clock(),
      std::shared_ptr<Events> events = ignore_events(), bool create_first_key = true);

  KeyRing(const KeyRing&) = delete;
  KeyRing& operator=(const KeyRing&) = delete;
  ~KeyRing() override;  // stops the poller

  // Reads the store again and serves what it holds from the next lookup on. A key that cannot be
  // read (e.g. sealed with another KEK) is left out and reported (Events::key_fault); an error
  // (the store cannot be read) keeps the ring as it was.
  Expected<void, std::string> reload();
  // The scheduled steps that are due now, each an atomic write another node may win: an active key
  // when there is none; the next key publish_ahead before the active one is rotate_every old; the
  // switch to it; the removal of retired keys past retired_key_expires_at. Then reload().
  Expected<void, std::string> rotate();
  // reload() and rotate() every `poll_interval` on a thread of the ring's own; a failure is
  // reported (Events::key_fault) and tried again at the next poll. Also woken early by a token
  // whose kid the ring does not know (at most once per poll interval).
  void start(std::chrono::milliseconds poll_interval);

  [[nodiscard]] Expected<Key> verification_key(std::optional<std::string_view> kid,
                                               std::string_view alg) const override;
  [[nodiscard]] Expected<SigningKey> signing_key() const override;
  [[nodiscard]] std::optional<Key> key_for_own_header(
      std::string_view header_segment) const override;

  // {"keys":[…]}: the public JWK of every next, active and retired asymmetric key (HMAC secrets
  // are never published), as the JWKS endpoint serves it.
  [[nodiscard]] std::string jwks() const;
  // The algorithms of the ring's keys, each once, the active key's first.
  [[nodiscard]] std::vector<std::string> algorithms() const;

  struct Impl;

 private:
  explicit KeyRing(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace restjwt
