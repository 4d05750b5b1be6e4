// Percent-encoding as Django handles it: the path a route is matched on (WSGI's PATH_INFO is the
// decoded path), and the text of an APPEND_SLASH redirect's Location.
#pragma once

#include <string>
#include <string_view>

namespace restjwt::detail {

// urllib.parse.unquote (`plus_is_space`: unquote_plus, for form bodies): %XX becomes the byte, a
// malformed escape stays as written. Bytes, not text: callers decide what invalid UTF-8 means.
std::string percent_decode(std::string_view text, bool plus_is_space);

// django.utils.encoding.escape_uri_path: a decoded path quoted back, "/:@&+$,-_.!~*'()" kept.
std::string escape_uri_path(std::string_view path);

// django.utils.encoding.iri_to_uri: existing %XX escapes and URI delimiters kept, anything else
// outside unreserved ASCII quoted (spaces, quotes, control bytes, non-ASCII).
std::string iri_to_uri(std::string_view iri);

}  // namespace restjwt::detail
