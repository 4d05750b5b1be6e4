// TokenRevocations: what TokenChecker asks on every token when JWT_TOKEN_ID is on — is this
// token's id, or its refresh chain's, revoked; was it issued before its user's cut-off — answered
// from memory, never from the database (docs/sessions.md).
//
// The cache holds every revocation still in force: loaded once (load()), then brought up to date
// by polling RevocationStore::changes_since() at most once per poll interval, by the first check
// that finds the interval over (the others go on with the cache as it is). A revocation made
// through this object (revoke(), set_cutoff()) is in the cache at once; one made by another node
// or by the `restjwt users` commands is seen within the poll interval. When a poll fails
// (reported to Events::store_fault) the cache keeps answering with what it knows, and the next
// interval tries again: a database outage neither lets revoked tokens in nor refuses good ones.
//
// Thread-safe. A check that finds nothing revoked takes no lock (a filter in front of sharded
// maps), so checks on many threads never wait on each other.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "restjwt/clock.hpp"
#include "restjwt/error.hpp"
#include "restjwt/events.hpp"
#include "restjwt/expected.hpp"
#include "restjwt/jwt.hpp"
#include "restjwt/revocation_store.hpp"
#include "restjwt/settings.hpp"
#include "restjwt/user.hpp"

namespace restjwt {

// The time before which a cut-off no longer matters: no token issued earlier can still be valid
// (the longest refresh chain, plus the leeway); the lowest time when tokens never expire
// (JWT_VERIFY_EXPIRATION = false). RevocationStore::purge_expired takes it.
std::int64_t cutoffs_expire_before(const Settings& settings, std::int64_t now);

class TokenRevocations {
 public:
  // How far back a poll looks beyond the previous one: revoked_at and not_before are written by
  // other nodes' clocks, which may be behind this one's.
  static constexpr std::int64_t kClockSkewSeconds = 60;

  // `store` must outlive this object. `settings` give the token lifetimes (a chain's row must
  // outlive its last refresh) and the leeway.
  TokenRevocations(RevocationStore& store, const Settings& settings, Clock clock,
                   std::shared_ptr<Events> events, std::chrono::seconds poll_interval);

  TokenRevocations(const TokenRevocations&) = delete;
  TokenRevocations& operator=(const TokenRevocations&) = delete;
  ~TokenRevocations();

  // Reads every revocation in force. Before serving: an error is a start-up failure.
  StoreResult<void> load();
  // Brings the cache up to date now (what a check does once per poll interval).
  StoreResult<void> poll() const;

  // A verified token's refusal: kTokenRevoked when its jti or orig_jti is revoked, else nullopt.
  [[nodiscard]] std::optional<ErrorCode> token_refusal(const Claims& payload) const;
  // kTokenIssuedBeforeCutoff when `user` has a cut-off later than the token's issue time
  // (orig_iat, the start of its refresh chain, else iat; a token with neither is refused when
  // the user has any cut-off).
  [[nodiscard]] std::optional<ErrorCode> cutoff_refusal(const Claims& payload,
                                                        const User& user) const;

  // Logout: revokes the token's jti (until it expires) and its chain (orig_jti, or the jti of a
  // chain's first token, until the last refresh of the chain could expire). kTokenIdMissing when
  // the token has no jti; a store failure is reported and answered kServiceUnavailable or
  // kInternal — this node refuses the token anyway.
  [[nodiscard]] Expected<void> revoke(const Claims& payload) const;
  // Logout everywhere: refuses every token of `user` issued before `not_before`.
  [[nodiscard]] Expected<void> set_cutoff(const UserId& user, std::int64_t not_before) const;

  // How many token ids and cut-offs the cache holds (for tests and metrics).
  [[nodiscard]] std::size_t cached_token_ids() const;
  [[nodiscard]] std::size_t cached_cutoffs() const;

 private:
  // The expiry of a revocation while JWT_VERIFY_EXPIRATION = false: tokens never expire then.
  static constexpr std::int64_t kNeverExpires = std::int64_t{1} << 62;
  struct Caches;  // revocation_cache.hpp: token ids → expiry, user ids → cut-off

  void maybe_poll() const;
  StoreResult<void> apply_changes_since(std::int64_t since, std::int64_t now) const;
  std::int64_t chain_expires_at(const Claims& payload, std::int64_t token_expires_at) const;

  RevocationStore& store_;
  bool verify_expiration_;
  std::int64_t leeway_;
  std::int64_t token_lifetime_;  // JWT_EXPIRATION_DELTA + JWT_LEEWAY
  std::int64_t chain_lifetime_;  // + JWT_REFRESH_EXPIRATION_DELTA with JWT_ALLOW_REFRESH
  Clock clock_;
  std::shared_ptr<Events> events_;
  std::int64_t poll_interval_;
  std::unique_ptr<Caches> caches_;
  mutable std::atomic<std::int64_t> next_poll_{0};
  mutable std::atomic<std::int64_t> last_poll_{0};  // the clock when the last good poll began
};

}  // namespace restjwt
