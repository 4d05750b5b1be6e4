// JwtAuthenticator: drf-jwt's JSONWebTokenAuthentication for your own protected routes (SPEC §11).
//
//   auto auth = JwtAuthenticator::create(settings, store).value();
//   auto result = auth->authenticate(request);
//   if (!result.authenticated()) return auth->challenge(result);   // 401 with WWW-Authenticate
//   use(result.user->username);
//
// authenticate() blocks on the user store (run it off I/O threads) and is thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "restjwt/clock.hpp"
#include "restjwt/error.hpp"
#include "restjwt/hooks.hpp"
#include "restjwt/http.hpp"
#include "restjwt/settings.hpp"
#include "restjwt/user.hpp"

namespace restjwt {

class UserStore;

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

  bool authenticated() const { return kind == Kind::kAuthenticated; }
};

class JwtAuthenticator {
 public:
  // Fails with a start-up message when the settings give no usable verification key.
  static Expected<std::unique_ptr<JwtAuthenticator>, std::string> create(
      const Settings& settings, UserStore& store, Hooks hooks = default_hooks(),
      Clock clock = system_clock());
  virtual ~JwtAuthenticator() = default;

  virtual AuthenticationResult authenticate(const HttpRequest& request) const = 0;

  // The 401 for a result that is not authenticated: {"detail": "<SPEC §7/§11 text>"} with
  // `WWW-Authenticate: <JWT_AUTH_HEADER_PREFIX> realm="api"`; 503/500 for store failures.
  virtual HttpResponse challenge(const AuthenticationResult& result,
                                 std::string_view allow = "") const = 0;
};

}  // namespace restjwt
