// Strict JSON for token headers and payloads (SPEC §5.2, §5.4).
//
// Python's json keeps the last of duplicate keys and simdjson the first; a token whose meaning
// depends on the parser is refused instead (SPEC §15.4).
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "restjwt/jwt.hpp"

namespace restjwt {

std::optional<Claims> parse_json_object_strict(std::string_view text, int max_depth) {
  // nlohmann silently skips a UTF-8 BOM; Python's json.loads refuses it.
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    return std::nullopt;
  }
  bool rejected = false;
  std::vector<std::set<std::string>> open_objects;
  const Claims::parser_callback_t check = [&](int depth, Claims::parse_event_t event, Claims& parsed) {
    switch (event) {
      case Claims::parse_event_t::object_start:
        // `depth` counts the containers around the new one, which is level depth + 1. Checking
        // only values would let an empty 65th container through.
        rejected = rejected || depth >= max_depth;
        open_objects.emplace_back();
        break;
      case Claims::parse_event_t::array_start:
        rejected = rejected || depth >= max_depth;
        break;
      case Claims::parse_event_t::key:
        if (!open_objects.empty() && !open_objects.back().insert(parsed.get<std::string>()).second) {
          rejected = true;
        }
        break;
      case Claims::parse_event_t::object_end:
        if (!open_objects.empty()) {
          open_objects.pop_back();
        }
        break;
      case Claims::parse_event_t::array_end:
      case Claims::parse_event_t::value:
        break;
    }
    return !rejected;
  };
  Claims value = Claims::parse(text.begin(), text.end(), check, /*allow_exceptions=*/false);
  if (rejected || value.is_discarded() || !value.is_object()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace restjwt
