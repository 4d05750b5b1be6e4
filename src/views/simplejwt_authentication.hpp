// simplejwt's JWTAuthentication: `Authorization: Bearer <access token>` on the protected routes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "restjwt/authenticator.hpp"
#include "restjwt/user_store.hpp"
#include "views/simplejwt_tokens.hpp"

namespace restjwt::detail {

// `header_types`: AUTH_HEADER_TYPES, compared case-sensitively (DRF compares the bytes). `store`
// and `events` must outlive it.
std::shared_ptr<const AuthenticationScheme> make_simplejwt_authentication(
    std::shared_ptr<const SimpleJwtTokens> tokens, std::vector<std::string> header_types,
    UserStore& store, Events& events);

}  // namespace restjwt::detail
