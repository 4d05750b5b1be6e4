// restjwt's own routes: drf-jwt's three token views and the protected /api/user/.
#pragma once

#include <memory>

#include "restjwt/authenticator.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/throttle.hpp"
#include "restjwt/token_checker.hpp"
#include "restjwt/view.hpp"
#include "views/last_login_writer.hpp"
#include "views/token_view.hpp"

namespace restjwt::detail {

class PasswordUpgrades;

struct ObtainViewOptions {
  std::shared_ptr<const LoginThrottle> throttle;  // null: no throttling
  bool allow_inactive_login = false;              // Django's AllowAllUsersModelBackend
  std::shared_ptr<LastLoginWriter> last_login;    // null: last_login is not written
  // null: an upgraded hash is written during the login instead of in the background
  std::shared_ptr<PasswordUpgrades> upgrades;
};

// ObtainJSONWebToken. `hashers` must outlive the view.
std::shared_ptr<const View> make_obtain_view(const TokenViewContext& context,
                                             const PasswordHashers& hashers,
                                             ObtainViewOptions options);
// VerifyJSONWebToken.
std::shared_ptr<const View> make_verify_view(TokenViewContext context);
// RefreshJSONWebToken.
std::shared_ptr<const View> make_refresh_view(TokenViewContext context);
// GET/POST/HEAD /api/user/: who the token says you are.
std::shared_ptr<const View> make_user_view(std::shared_ptr<const JwtAuthenticator> authenticator);

}  // namespace restjwt::detail
