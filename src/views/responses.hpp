// Internal to the views: the JSON text helpers behind the public responses.hpp.
#pragma once

#include <string>
#include <string_view>

#include "restjwt/responses.hpp"

namespace restjwt::detail {

// The same JSON as json.dumps(indent=N, separators=(',', ': '), ensure_ascii=False) writes it, for
// a client that asked for `Accept: application/json; indent=N`.
std::string indent_json(std::string_view compact, int indent);

// A JSON string literal for `text` (DRF rendering), for building small bodies without a DOM.
std::string json_string(std::string_view text);

}  // namespace restjwt::detail
