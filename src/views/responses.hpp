// Building DRF-shaped responses: JSON rendered as DRF's JSONRenderer does, and the headers every
// APIView response carries (SPEC §13).
#pragma once

#include <string>
#include <string_view>

#include "restjwt/http.hpp"
#include "restjwt/jwt.hpp"

namespace restjwt::detail {

// json.dumps(separators=(',', ':'), ensure_ascii=False) plus DRF's escaping of U+2028/U+2029.
std::string render_json(const Claims& value);

// A JSON response with Content-Type, Vary and the security headers. `allow` is the Allow header
// ("" for none, e.g. on a 404).
HttpResponse json_response(int status, std::string body, std::string_view allow);

// {"detail": "<message>"}
HttpResponse detail_response(int status, std::string_view message, std::string_view allow);

// {"non_field_errors": ["<message>"]}
HttpResponse non_field_error(std::string_view message, std::string_view allow);

// The same JSON as json.dumps(indent=N, separators=(',', ': '), ensure_ascii=False) writes it, for
// a client that asked for `Accept: application/json; indent=N`.
std::string indent_json(std::string_view compact, int indent);

// A JSON string literal for `text` (DRF rendering), for building small bodies without a DOM.
std::string json_string(std::string_view text);

}  // namespace restjwt::detail
