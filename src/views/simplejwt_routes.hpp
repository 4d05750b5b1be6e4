// [simplejwt] assembled: its tokens, store and `Bearer` authentication, then its four routes.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "restjwt/simplejwt.hpp"
#include "restjwt/token_checker.hpp"
#include "views/simplejwt_view.hpp"

namespace restjwt::detail {

struct SimpleJwtParts {
  SimpleJwtContext context;
  std::shared_ptr<const AuthenticationScheme> authentication;  // for JwtAuthenticator
  SimpleJwtRoutes routes;
};

// The signing key defaults to the checker's JWT_SECRET_KEY; errors are start-up messages.
Expected<SimpleJwtParts, std::string> make_simplejwt_parts(
    SimpleJwtOptions options, const std::shared_ptr<const TokenChecker>& checker);

// The four views at their paths.
std::vector<std::pair<std::string, std::shared_ptr<const View>>> simplejwt_routes(
    const SimpleJwtParts& parts, const TokenViewContext& context, const PasswordHashers& hashers,
    const ObtainViewOptions& obtain);

}  // namespace restjwt::detail
