// The two halves of parse_json_object_strict (restjwt/jwt.hpp), tested and fuzzed against each
// other: the reader of plain flat objects (core/plain_json.hpp), which declines anything else,
// duplicate keys included, and the general strict SAX parser.
#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "restjwt/jwt.hpp"

namespace restjwt::detail {

std::optional<Claims> parse_plain_json_claims(std::string_view text);
std::optional<Claims> parse_general_json_object_strict(std::string_view text, int max_depth);

}  // namespace restjwt::detail
