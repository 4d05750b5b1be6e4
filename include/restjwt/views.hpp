// Application: restjwt's routes — drf-jwt's obtain, verify and refresh views and the protected
// /api/user/ — and any route you add, in Django REST framework's request cycle, framework-neutral:
// an HttpRequest in, the exact HttpResponse of docs/wire-contract.md out.
//
//   auto app = Application::create(options, store, hashers).value();
//   app->add_route("/api/hello/", std::make_shared<HelloView>(app->authenticator()));
//   HttpResponse response = app->handle(request);
//
// The cycle: a CORS preflight on a known route is answered at once when CORS is on (cors.hpp);
// otherwise the route is chosen on the percent-decoded path (a known path without its trailing
// slash is Django's APPEND_SLASH 301, an unknown one 404); then DRF's ?format= override (404 for a
// format no renderer has) and content negotiation (406 when JSON cannot satisfy Accept) — both
// decided once, in route(); then the view (view.hpp). JSON answers are indented when the Accept
// entry that chose JSON asks for it (`application/json; indent=4`). Every answer then gets the
// CORS headers (Vary: Origin, Access-Control-*) when CORS is on.
//
// A server calls route() on its I/O thread (cheap, no I/O) and handle() where the route's cost
// says; handle() blocks (database, password hashing). Both are thread-safe; add_route() is not
// (add every route before serving).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "restjwt/authenticator.hpp"
#include "restjwt/clock.hpp"
#include "restjwt/cors.hpp"
#include "restjwt/events.hpp"
#include "restjwt/hooks.hpp"
#include "restjwt/http.hpp"
#include "restjwt/key_ring.hpp"
#include "restjwt/revocation_store.hpp"
#include "restjwt/settings.hpp"
#include "restjwt/simplejwt.hpp"
#include "restjwt/throttle.hpp"
#include "restjwt/token_checker.hpp"
#include "restjwt/view.hpp"

namespace restjwt {

class UserStore;
class PasswordHashers;
namespace detail {
class CorsPolicy;
}

struct Routes {  // [routes] in the config
  std::string obtain = "/api-token-auth/";
  std::string verify = "/api-token-verify/";
  std::string refresh = "/api-token-refresh/";
  std::string user = "/api/user/";
  // Logout: served only when JWT_TOKEN_ID is not "off" (docs/sessions.md).
  std::string revoke = "/api-token-revoke/";
};

struct ApplicationOptions {
  Settings settings;
  Routes routes;
  bool allow_inactive_login = false;  // Django's AllowAllUsersModelBackend
  // simplejwt's UPDATE_LAST_LOGIN: a successful obtain writes the user's last_login, on a thread
  // of its own after the answer (never delaying or failing the login; a failed write is reported
  // to Events::store_fault). drf-jwt never writes it.
  bool update_last_login = false;
  Hooks hooks = default_hooks();
  Clock clock = system_clock();
  // Login throttling for obtain; none when null.
  std::shared_ptr<const LoginThrottle> throttle;
  // Origins ("https://app.example.com") whose unsafe requests authenticated by the JWT cookie are
  // accepted without Django's X-CSRFToken double-submit. With JWT_AUTH_COOKIE, the token views
  // set the cookie only for these, the CORS allowed origins and the request's own host.
  std::vector<std::string> csrf_trusted_origins;
  // Cross-origin resource sharing (cors.hpp); off unless an origin is allowed.
  CorsOptions cors;
  // Told of every fault and outcome (events.hpp); by default nobody is.
  std::shared_ptr<Events> events = ignore_events();
  // An outdated password hash is re-hashed at login (as Django does). True: the new hash is
  // written by a background thread of the Application, retried until the database takes it, so a
  // locked or read-only database never holds a login. False: written during the login.
  bool upgrade_passwords_in_background = true;
  // A key ring (key_ring.hpp): it signs and verifies instead of the settings' keys, and its public
  // keys are served at /.well-known/jwks.json (with /.well-known/openid-configuration), which
  // clients may cache for `jwks_max_age`. None by default: drf-jwt's static keys.
  std::shared_ptr<const KeyRing> key_ring;
  std::chrono::seconds jwks_max_age{300};
  // Another issuer's keys (remote_jwks.hpp): its tokens authenticate requests on protected routes.
  std::shared_ptr<const KeySource> remote_keys;
  RemoteTokenRules remote_rules;
  // Where revocations live (revocation_store.hpp) when JWT_TOKEN_ID is on; unused when it is off.
  // With it, every check honours revocations and cut-offs (from a cache polled every
  // `revocation_poll_interval`) and `routes.revoke` is served. JWT_TOKEN_ID on without a store:
  // tokens carry a jti but nothing can be revoked, and there is no revoke route. Must outlive the
  // Application.
  RevocationStore* revocation_store = nullptr;
  std::chrono::seconds revocation_poll_interval{5};
  // simplejwt's refresh-token pairs (simplejwt.hpp): its four routes and its `Bearer` access
  // tokens on the protected routes. Off unless set.
  std::optional<SimpleJwtOptions> simplejwt;
};

class Application final : public RequestHandler {
 public:
  // `store` and `hashers` must outlive the Application. Fails (a start-up message) when the
  // settings give no usable keys, or no key to sign with.
  static Expected<std::unique_ptr<Application>, std::string> create(ApplicationOptions options,
                                                                    UserStore& store,
                                                                    const PasswordHashers& hashers);

  // Serves `view` at `path` (it starts with '/' and is not taken; DRF's routes end with '/', and a
  // request for one without its slash is redirected to it). Before serving.
  Expected<void, std::string> add_route(std::string path, std::shared_ptr<const View> view);

  // The token checks and the authentication class the built-in views use, for yours.
  [[nodiscard]] std::shared_ptr<const TokenChecker> token_checker() const { return checker_; }
  [[nodiscard]] std::shared_ptr<const JwtAuthenticator> authenticator() const {
    return authenticator_;
  }

  [[nodiscard]] Route route(const HttpRequest& request) const override;
  [[nodiscard]] HttpResponse handle(const HttpRequest& request, const Route& route) const override;
  [[nodiscard]] HttpResponse unavailable(const HttpRequest& request,
                                         const Route& route) const override;
  // route() then handle(), on the calling thread.
  [[nodiscard]] HttpResponse handle(const HttpRequest& request) const {
    return handle(request, route(request));
  }

 private:
  Application(std::shared_ptr<const TokenChecker> checker,
              std::shared_ptr<const JwtAuthenticator> authenticator,
              std::shared_ptr<const detail::CorsPolicy> cors);

  const std::pair<std::string, std::shared_ptr<const View>>* find(std::string_view path) const;
  HttpResponse not_found(const HttpRequest& request) const;

  std::shared_ptr<const TokenChecker> checker_;
  std::shared_ptr<const JwtAuthenticator> authenticator_;
  std::shared_ptr<const detail::CorsPolicy> cors_;  // never null; may be off
  // A handful of routes: a linear scan beats any map.
  std::vector<std::pair<std::string, std::shared_ptr<const View>>> routes_;
};

}  // namespace restjwt
