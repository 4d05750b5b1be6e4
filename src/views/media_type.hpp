// Media types as DRF compares them (rest_framework.utils.mediatypes): for choosing the body parser
// from Content-Type and the renderer from Accept (docs/wire-contract.md §2, §13).
#pragma once

#include <optional>
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

// The renderers DRF may still choose from: JSONRenderer (application/json) and the browsable
// API's (text/html; restjwt answers JSON for it, §15.11).
struct Renderers {
  bool json = true;
  bool html = true;
};

// DRF's URL_FORMAT_OVERRIDE: `?format=json` or `?format=api` (the last one given) keeps that
// renderer only; another format matches none (DRF: Http404). No or empty format: both.
std::optional<Renderers> renderers_for_format(std::string_view target);

// False when no entry of the Accept header matches a remaining renderer's type (→ 406).
// An absent header means */*; a present but empty one matches nothing, as in DRF.
bool accept_allows_json(std::string_view accept, bool present, Renderers renderers = {});

// JSONRenderer.get_indent: the `indent` parameter of the Accept entry that chose the JSON renderer
// (`application/json; indent=4`, also `*/*; indent=2`: DRF carries the client's parameters over),
// clamped to 0..8; none, 0 or not a number: nullopt (compact JSON).
std::optional<int> json_indent(std::string_view accept, bool present, Renderers renderers = {});

}  // namespace restjwt::detail
