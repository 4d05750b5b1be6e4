// CSRF protection for requests authenticated by the JWT cookie (docs/wire-contract.md §16.2). A
// browser attaches the cookie to any cross-site POST, so an unsafe request authenticated by it must
// also prove it comes from our own pages: Django's double-submit token (X-CSRFToken equal to the
// csrftoken cookie, masked or not) or an Origin (else Referer) in the trusted origins. Requests
// authenticated by the Authorization header are not affected: a browser never adds it by itself.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "restjwt/http.hpp"

namespace restjwt::detail {

bool is_unsafe_method(std::string_view method);

// nullopt when the request passes; else the reason after DRF's "CSRF Failed: " prefix.
std::optional<std::string> csrf_failure(const HttpRequest& request,
                                        const std::vector<std::string>& trusted_origins);

class CorsPolicy;

// The pages a token view may set the JWT cookie for: the request's own host (either scheme),
// [csrf] trusted_origins, and the origins CORS lets read the answer.
struct CookieOrigins {
  std::vector<std::string> trusted;
  std::shared_ptr<const CorsPolicy> cors;  // null: no CORS
};

// Login CSRF (§15.13): a page on another site must not make the browser store a token cookie (the
// attacker's own, logging the victim in as the attacker). nullopt when the request has neither
// Origin nor Referer (not a browser's page), or when that origin is trusted; else the reason after
// "CSRF Failed: ", in Django's words.
std::optional<std::string> cookie_origin_failure(const HttpRequest& request,
                                                 const CookieOrigins& origins);

}  // namespace restjwt::detail
