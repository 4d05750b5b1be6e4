// CSRF protection for requests authenticated by the JWT cookie (issue 7 §2). A browser attaches
// the cookie to any cross-site POST, so an unsafe request authenticated by it must also prove it
// comes from our own pages: Django's double-submit token (X-CSRFToken equal to the csrftoken
// cookie, masked or not) or an Origin (else Referer) in the trusted origins. Requests
// authenticated by the Authorization header are not affected: a browser never adds it by itself.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "restjwt/http.hpp"

namespace restjwt::detail {

bool is_unsafe_method(std::string_view method);

// nullopt when the request passes; else the reason after DRF's "CSRF Failed: " prefix.
std::optional<std::string> csrf_failure(const HttpRequest& request,
                                        const std::vector<std::string>& trusted_origins);

}  // namespace restjwt::detail
