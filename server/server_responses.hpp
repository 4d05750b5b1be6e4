// The responses the server writes itself, before a request reaches the handler (framing and size
// errors), when the handler fails, or when a connection is refused. JSON like every other answer,
// with the security headers, so a client sees one consistent API; the status and text are the
// error code's (error.hpp's to_public).
#pragma once

#include <string_view>

#include "restjwt/error.hpp"
#include "restjwt/http.hpp"

namespace restjwt::detail {

// {"detail":"<message>"} with Content-Type: application/json and the security headers.
HttpResponse server_error_response(ErrorCode code);

// The bytes of a complete `503` response with Connection: close, written straight to a socket
// that is refused (max_connections) without reading its request.
std::string_view refused_connection_bytes();

}  // namespace restjwt::detail
