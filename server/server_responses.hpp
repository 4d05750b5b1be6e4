// The responses the server writes itself, before a request reaches the Application (framing and
// size errors) or when the Application fails. JSON like every other answer, with the security
// headers of SPEC §13, so a client sees one consistent API.
#pragma once

#include <string_view>

#include "restjwt/http.hpp"

namespace restjwt::detail {

// {"detail":"<detail>"} with Content-Type: application/json and the SPEC §13 security headers.
// `detail` is a fixed ASCII text without quotes or backslashes.
HttpResponse server_response(int status, std::string_view detail);

HttpResponse malformed_request();      // 400 {"detail":"Malformed request."}
HttpResponse body_too_large();         // 413 {"detail":"Request body too large."}
HttpResponse header_too_large();       // 431 {"detail":"Request header fields too large."}
HttpResponse internal_server_error();  // 500, DRF's text (SPEC §15.1)
HttpResponse service_unavailable();    // 503, the text of issue 4 §1

// The bytes of a complete `503` response with Connection: close, written straight to a socket
// that is refused (max_connections) without reading its request.
std::string_view refused_connection_bytes();

}  // namespace restjwt::detail
