// Percent-encoding as Django handles it: the path a route is matched on (WSGI's PATH_INFO is the
// decoded path, percent_decode from core/percent_decode.hpp), and the text of an APPEND_SLASH
// redirect's Location.
#pragma once

#include <string>
#include <string_view>

#include "core/percent_decode.hpp"

namespace restjwt::detail {

// django.utils.encoding.escape_uri_path: a decoded path quoted back, "/:@&+$,-_.!~*'()" kept.
std::string escape_uri_path(std::string_view path);

// django.utils.encoding.iri_to_uri: existing %XX escapes and URI delimiters kept, anything else
// outside unreserved ASCII quoted (spaces, quotes, control bytes, non-ASCII).
std::string iri_to_uri(std::string_view iri);

}  // namespace restjwt::detail
