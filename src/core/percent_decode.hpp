// Percent-decoding, the one routine behind every %XX in restjwt: request paths and form bodies
// (Python's urllib.parse.unquote and unquote_plus, as Django applies them) and DATABASE_URL paths
// (dj-database-url).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace restjwt::detail {

// urllib.parse.unquote (`plus_is_space`: unquote_plus, for form bodies): %XX becomes the byte, a
// malformed escape stays as written. Bytes, not text: callers decide what invalid UTF-8 means.
std::string percent_decode(std::string_view text, bool plus_is_space);

// The same bytes (no '+' rule), but nullopt when a '%' is not followed by two hex digits: for
// text that has no literal '%' to keep, where a broken escape is the user's mistake to report.
std::optional<std::string> percent_decode_strict(std::string_view text);

}  // namespace restjwt::detail
