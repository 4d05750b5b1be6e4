// OutstandingTokenStore: djangorestframework-simplejwt's token_blacklist app — the refresh tokens
// issued (token_blacklist_outstandingtoken) and the ones refused for good
// (token_blacklist_blacklistedtoken) — in the Django database, so that a Django project using
// simplejwt and restjwt share revocations: a token blacklisted by either is refused by both.
//
// restjwt adds one table of its own, restjwt_refresh_family (jti → the jti of the login that
// started the chain of rotations, and when restjwt rotated it), which simplejwt neither reads nor
// needs: with it, the reuse of a rotated refresh token revokes its whole family (docs/sessions.md).
//
// SQLite (sqlite_outstanding_tokens.hpp) and PostgreSQL implement it with the same semantics;
// every method blocks, is thread-safe, and never throws. Times are epoch seconds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "restjwt/user.hpp"
#include "restjwt/user_store.hpp"

namespace restjwt {

// One row of token_blacklist_outstandingtoken.
struct OutstandingToken {
  std::string jti;
  std::string token;                       // the encoded refresh token
  std::optional<UserId> user_id;           // none: NULL, as simplejwt's blacklist() leaves it
  std::optional<std::int64_t> created_at;  // none: NULL, likewise
  std::int64_t expires_at = 0;
};

// What the store knows of one jti.
struct TokenStanding {
  bool blacklisted = false;
  // The family's first jti (the login's refresh token); the jti itself when unknown to restjwt.
  std::string family;
  // Set when restjwt blacklisted it by rotating it (not by a logout): reuse detection's clock.
  std::optional<std::int64_t> rotated_at;
};

class OutstandingTokenStore {
 public:
  virtual ~OutstandingTokenStore() = default;

  // A newly issued refresh token, outstanding, in `family` (its own jti after a login).
  virtual StoreResult<void> record(const OutstandingToken& token, std::string_view family) = 0;
  // The jti's standing; an unknown jti is not blacklisted and is its own family.
  virtual StoreResult<TokenStanding> standing(std::string_view jti) = 0;
  // simplejwt's RefreshToken.blacklist(): the outstanding row if missing, then the blacklisted
  // row if missing, in one transaction. True when this call blacklisted it.
  virtual StoreResult<bool> blacklist(const OutstandingToken& token, std::int64_t now) = 0;
  // Rotation, atomically: blacklist `old` (marked rotated at `now`) and record `next` in
  // `family`. False, and nothing written, when `old` was already blacklisted (a concurrent
  // rotation or a logout won).
  virtual StoreResult<bool> rotate(const OutstandingToken& old, const OutstandingToken& next,
                                   std::string_view family, std::int64_t now) = 0;
  // Blacklists every outstanding token of `family` (restjwt's side table: the ones restjwt
  // issued or rotated). How many it blacklisted now.
  virtual StoreResult<std::size_t> revoke_family(std::string_view family, std::int64_t now) = 0;
};

}  // namespace restjwt
