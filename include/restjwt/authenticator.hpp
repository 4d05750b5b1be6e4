// JwtAuthenticator: drf-jwt's JSONWebTokenAuthentication, for restjwt's protected route and yours.
//
//   auto result = auth.authenticate(request);     // Authorization: JWT <token>, else the cookie
//   if (!result.authenticated()) return auth.challenge(result, allow);   // 401 + WWW-Authenticate
//   use(result.user->username);
//
// The Authorization header is split on runs of whitespace: no header (or only whitespace) reads
// the JWT_AUTH_COOKIE cookie when one is configured; a first word other than
// JWT_AUTH_HEADER_PREFIX (compared case-insensitively) is another scheme and anonymous; the prefix
// alone, or followed by two or more words, is refused; the prefix and one word is the token,
// checked by the TokenChecker. A header sent twice is joined as WSGI joins it, so two credentials
// are refused, never one of them chosen silently.
//
// authenticate() blocks on the user store (see TokenChecker::user_reads_are_local). Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "restjwt/error.hpp"
#include "restjwt/http.hpp"
#include "restjwt/token_checker.hpp"
#include "restjwt/user.hpp"

namespace restjwt {

struct AuthenticationResult {
  enum class Kind : std::uint8_t {
    kAnonymous,      // no credentials: "Authentication credentials were not provided."
    kAuthenticated,  // `user` is set
    kFailed,         // credentials were given and refused: `error` says why
  };
  Kind kind = Kind::kAnonymous;
  std::optional<User> user;
  ErrorCode error = ErrorCode::kNotAuthenticated;
  bool from_cookie = false;  // the token came from JWT_AUTH_COOKIE, not the header
  // Set by another scheme (AuthenticationScheme) that refused the credentials: its own 401 body.
  std::string refusal;

  bool authenticated() const { return kind == Kind::kAuthenticated; }
};

// Another authentication class after drf-jwt's in DEFAULT_AUTHENTICATION_CLASSES, for the
// Authorization schemes drf-jwt leaves anonymous (simplejwt's `Bearer` access tokens).
class AuthenticationScheme {
 public:
  virtual ~AuthenticationScheme() = default;
  // True when the header's first word is this scheme's.
  [[nodiscard]] virtual bool is_scheme(std::string_view first_word) const = 0;
  // The header's words, the scheme first: authenticated, or failed with `refusal` set (or with
  // a store fault's error and no refusal).
  [[nodiscard]] virtual AuthenticationResult authenticate(
      const std::vector<std::string_view>& words) const = 0;
};

class JwtAuthenticator {
 public:
  // `csrf_trusted_origins`: origins ("https://app.example.com") whose unsafe requests
  // authenticated by the cookie alone need no X-CSRFToken (see csrf_failure()). `next_scheme`:
  // tried for a header that is not drf-jwt's.
  explicit JwtAuthenticator(std::shared_ptr<const TokenChecker> checker,
                            std::vector<std::string> csrf_trusted_origins = {},
                            std::shared_ptr<const AuthenticationScheme> next_scheme = nullptr);

  [[nodiscard]] AuthenticationResult authenticate(const HttpRequest& request) const;

  // The answer for a result that is not authenticated: 401 {"detail": "<message>"} with
  // `WWW-Authenticate: <JWT_AUTH_HEADER_PREFIX> realm="api"`; 503/500 when the store failed.
  [[nodiscard]] HttpResponse challenge(const AuthenticationResult& result,
                                       std::string_view allow) const;

  // A browser attaches the cookie to any cross-site request, so an unsafe request (not GET, HEAD,
  // OPTIONS, TRACE) authenticated by the cookie alone must also prove it comes from our own pages:
  // Django's double-submit token (X-CSRFToken equal to the csrftoken cookie, masked or not) or an
  // Origin (else Referer) among the trusted origins. nullopt when `request` passes (or did not use
  // the cookie); else the reason, for 403 {"detail":"CSRF Failed: <reason>"}.
  [[nodiscard]] std::optional<std::string> csrf_failure(const HttpRequest& request,
                                                        const AuthenticationResult& result) const;

  [[nodiscard]] const TokenChecker& checker() const noexcept { return *checker_; }

 private:
  AuthenticationResult check(const std::string& token, AuthenticationResult& result) const;

  std::shared_ptr<const TokenChecker> checker_;
  std::vector<std::string> csrf_trusted_origins_;
  std::shared_ptr<const AuthenticationScheme> next_scheme_;
};

}  // namespace restjwt
