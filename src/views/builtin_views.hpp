// restjwt's own routes: drf-jwt's three token views and the protected /api/user/.
#pragma once

#include <memory>

#include "restjwt/authenticator.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/throttle.hpp"
#include "restjwt/token_checker.hpp"
#include "restjwt/view.hpp"

namespace restjwt::detail {

class PasswordUpgrades;

// ObtainJSONWebToken. `throttle` may be null (no throttling); `upgrades` may be null (an upgraded
// hash is then written during the login); `hashers` must outlive the view.
std::shared_ptr<const View> make_obtain_view(std::shared_ptr<const TokenChecker> checker,
                                             const PasswordHashers& hashers,
                                             std::shared_ptr<const LoginThrottle> throttle,
                                             bool allow_inactive_login,
                                             std::shared_ptr<PasswordUpgrades> upgrades);
// VerifyJSONWebToken.
std::shared_ptr<const View> make_verify_view(std::shared_ptr<const TokenChecker> checker);
// RefreshJSONWebToken.
std::shared_ptr<const View> make_refresh_view(std::shared_ptr<const TokenChecker> checker);
// GET/POST/HEAD /api/user/: who the token says you are.
std::shared_ptr<const View> make_user_view(std::shared_ptr<const JwtAuthenticator> authenticator);

}  // namespace restjwt::detail
