// Which issuer a token says it comes from, before anything of it is verified: only to choose the
// keys it is checked with (Envoy's jwt_authn chooses its provider the same way), never to accept
// it.
#pragma once

#include <string_view>

namespace restjwt::detail {

// True when the token's payload is a JSON object whose `iss` is exactly `issuer`. Anything
// unreadable is false (the token then goes through the ordinary checks, which say what is wrong).
bool issued_by(std::string_view token, std::string_view issuer);

}  // namespace restjwt::detail
