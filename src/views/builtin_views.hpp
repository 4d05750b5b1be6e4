// restjwt's own routes: drf-jwt's three token views and the protected /api/user/, and with a key
// ring its two public documents under /.well-known/.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "restjwt/authenticator.hpp"
#include "restjwt/key_ring.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/throttle.hpp"
#include "restjwt/token_checker.hpp"
#include "restjwt/view.hpp"
#include "views/token_view.hpp"

namespace restjwt::detail {

class BackgroundWrites;

struct ObtainViewOptions {
  std::shared_ptr<const LoginThrottle> throttle;  // null: no throttling
  bool allow_inactive_login = false;              // Django's AllowAllUsersModelBackend
  std::shared_ptr<BackgroundWrites> writes;       // for the two below
  bool upgrade_in_background = false;  // false: an upgraded hash is written during the login
  bool update_last_login = false;      // simplejwt's UPDATE_LAST_LOGIN
};

// ObtainJSONWebToken. `hashers` must outlive the view.
std::shared_ptr<const View> make_obtain_view(const TokenViewContext& context,
                                             const PasswordHashers& hashers,
                                             ObtainViewOptions options);
// VerifyJSONWebToken.
std::shared_ptr<const View> make_verify_view(TokenViewContext context);
// RefreshJSONWebToken.
std::shared_ptr<const View> make_refresh_view(TokenViewContext context);
// Logout: revokes the posted token and its refresh chain (the checker has revocations).
std::shared_ptr<const View> make_revoke_view(TokenViewContext context);
// GET/POST/HEAD /api/user/: who the token says you are.
std::shared_ptr<const View> make_user_view(std::shared_ptr<const JwtAuthenticator> authenticator);
// GET /.well-known/jwks.json: the ring's public keys, cacheable for `max_age`.
std::shared_ptr<const View> make_jwks_view(std::shared_ptr<const KeyRing> ring,
                                           std::chrono::seconds max_age);
// GET /.well-known/openid-configuration: issuer (JWT_ISSUER, else the request's origin), jwks_uri
// and the ring's algorithms.
std::shared_ptr<const View> make_openid_configuration_view(std::shared_ptr<const KeyRing> ring,
                                                           std::optional<std::string> issuer,
                                                           std::chrono::seconds max_age);

}  // namespace restjwt::detail
