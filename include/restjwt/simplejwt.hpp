// djangorestframework-simplejwt's refresh-token pairs, opt-in next to drf-jwt's single tokens
// (`[simplejwt]` in the config; docs/sessions.md, docs/wire-contract.md §16): its four views with
// its wire (`{"refresh","access"}`, its error shapes and codes), its claims (token_type, exp, iat,
// jti, user_id), its `Bearer` access tokens on the protected routes, and its token_blacklist
// tables (outstanding_tokens.hpp), shared with a Django project that uses simplejwt.
//
// Beyond simplejwt: rotation that cannot write the store answers 503 rather than a token, and the
// reuse of a rotated refresh token after `reuse_grace` revokes its whole family (RFC 9700
// §4.14.2).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "restjwt/outstanding_tokens.hpp"

namespace restjwt {

struct SimpleJwtRoutes {  // simplejwt's documented urls.py
  std::string obtain = "/api/token/";
  std::string refresh = "/api/token/refresh/";
  std::string verify = "/api/token/verify/";
  std::string blacklist = "/api/token/blacklist/";
};

struct SimpleJwtOptions {
  std::chrono::seconds access_token_lifetime{300};     // ACCESS_TOKEN_LIFETIME: 5 minutes
  std::chrono::seconds refresh_token_lifetime{86400};  // REFRESH_TOKEN_LIFETIME: 1 day
  bool rotate_refresh_tokens = false;                  // ROTATE_REFRESH_TOKENS
  bool blacklist_after_rotation = false;               // BLACKLIST_AFTER_ROTATION
  // SIGNING_KEY: an HMAC secret; empty means JWT_SECRET_KEY (Django's SECRET_KEY in both).
  std::string signing_key;
  std::string algorithm = "HS256";  // ALGORITHM: HS256, HS384 or HS512
  // AUTH_HEADER_TYPES: the Authorization schemes of access tokens, compared case-sensitively.
  std::vector<std::string> auth_header_types{"Bearer"};
  // How long after a rotation the rotated refresh token still gets a pair (concurrent refreshes
  // of one client); after it, presenting it revokes its family.
  std::chrono::seconds reuse_grace{5};
  SimpleJwtRoutes routes;
  // The token_blacklist tables: required.
  std::shared_ptr<OutstandingTokenStore> outstanding;
};

}  // namespace restjwt
