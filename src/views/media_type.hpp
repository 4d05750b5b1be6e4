// Media types as DRF compares them (rest_framework.utils.mediatypes): for choosing the body parser
// from Content-Type and the renderer from Accept (SPEC §2, §13).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace restjwt::detail {

struct MediaType {
  std::string main_type;                                    // lowercased
  std::string sub_type;                                     // lowercased
  std::vector<std::pair<std::string, std::string>> params;  // names lowercased, values unquoted
  std::string_view param(std::string_view name) const;
  bool has_param(std::string_view name) const;
};

// "Application/JSON; charset=utf-8" → {application, json, {charset: utf-8}}.
MediaType parse_media_type(std::string_view text);

// DRF's _MediaType.match: wildcards on either side; `ours` has no parameters.
bool media_type_matches(std::string_view ours, const MediaType& theirs);

enum class BodyParser { kNone, kJson, kForm, kMultipart };

// The first of JSONParser, FormParser, MultiPartParser whose type matches the Content-Type.
BodyParser select_parser(std::string_view content_type);

// False when no entry of the Accept header matches application/json or text/html (→ 406).
// An absent header means */*; a present but empty one matches nothing, as in DRF.
bool accept_allows_json(std::string_view accept, bool present);

}  // namespace restjwt::detail
