// The token views and the protected user route, framework-neutral (drf-jwt's ObtainJSONWebToken,
// VerifyJSONWebToken, RefreshJSONWebToken, plus restjwt's /api/user/). An Application takes an
// HttpRequest and returns the exact HttpResponse of SPEC §1–§13. It blocks (database, password
// hashing): a server calls cost() to decide where to run handle().
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "restjwt/clock.hpp"
#include "restjwt/hooks.hpp"
#include "restjwt/http.hpp"
#include "restjwt/settings.hpp"
#include "restjwt/throttle.hpp"

namespace restjwt {

class UserStore;
class PasswordHashers;

struct Routes {  // [routes] in the config
  std::string obtain = "/api-token-auth/";
  std::string verify = "/api-token-verify/";
  std::string refresh = "/api-token-refresh/";
  std::string user = "/api/user/";
};

// Where a request's work belongs: answered at once (also a local user read, see
// UserStore::reads_are_local), a database round trip that may wait, or a password hash.
enum class RequestCost : std::uint8_t { kInline, kDatabase, kPasswordHash };

struct ApplicationOptions {
  Settings settings;
  Routes routes;
  bool allow_inactive_login = false;  // Django's AllowAllUsersModelBackend
  Hooks hooks = default_hooks();
  Clock clock = system_clock();
  // Login throttling for obtain (issue 7); none when null. Shared so that the server can own it.
  std::shared_ptr<const LoginThrottle> throttle;
  // Origins ("https://app.example.com") whose unsafe requests authenticated by the JWT cookie are
  // accepted without Django's X-CSRFToken double-submit (issue 7 §2).
  std::vector<std::string> csrf_trusted_origins;
};

class Application {
 public:
  // `store` and `hashers` must outlive the Application. Fails (start-up message) when the
  // settings do not give usable keys.
  static Expected<std::unique_ptr<Application>, std::string> create(ApplicationOptions options,
                                                                    UserStore& store,
                                                                    const PasswordHashers& hashers);
  virtual ~Application() = default;

  virtual RequestCost cost(const HttpRequest& request) const = 0;
  // Thread-safe; never throws.
  virtual HttpResponse handle(const HttpRequest& request) const = 0;
  // The answer to send when the work could not be scheduled (the hashing pool is full): 503.
  virtual HttpResponse unavailable(const HttpRequest& request) const = 0;
};

}  // namespace restjwt
