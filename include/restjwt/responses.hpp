// Responses shaped as Django REST framework writes them, for restjwt's views and yours: JSON as
// DRF's JSONRenderer renders it, and the headers every APIView response carries (Content-Type,
// Vary: Accept, Allow, and the three security headers of Django's middleware). A route added to
// the Application with these answers exactly like restjwt's own (docs/wire-contract.md).
#pragma once

#include <string>
#include <string_view>

#include "restjwt/error.hpp"
#include "restjwt/http.hpp"
#include "restjwt/jwt.hpp"

namespace restjwt {

// json.dumps(separators=(',', ':'), ensure_ascii=False) plus DRF's escaping of U+2028/U+2029.
std::string render_json(const Claims& value);

// X-Frame-Options: DENY, X-Content-Type-Options: nosniff, Referrer-Policy: same-origin — what
// Django's SecurityMiddleware and XFrameOptionsMiddleware add to every answer.
void add_security_headers(HeaderList& headers);

// A DRF JSON response: Content-Type, Vary: Accept, Allow (`allow` "" for none, e.g. on a 404),
// the security headers, then `body` (already rendered JSON).
HttpResponse json_response(int status, std::string body, std::string_view allow);

// {"detail": "<message>"} — DRF's APIException shape.
HttpResponse detail_response(int status, std::string_view message, std::string_view allow);

// {"non_field_errors": ["<message>"]} with 400 — a serializer's ValidationError.
HttpResponse non_field_error(std::string_view message, std::string_view allow);

// The answer for `code` where it was found (error.hpp's to_public): 400 {"non_field_errors": …}
// from a token view's serializer, else {"detail": …} with the code's status. An authentication
// 401 also needs its WWW-Authenticate header: JwtAuthenticator::challenge() adds it.
HttpResponse error_response(ErrorCode code, Surface surface, std::string_view allow);

// 405 {"detail":"Method \"<METHOD>\" not allowed."} — Django upper-cases the method.
HttpResponse method_not_allowed(std::string_view method, std::string_view allow);

}  // namespace restjwt
