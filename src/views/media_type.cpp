#include "views/media_type.hpp"

#include <algorithm>
#include <vector>

#include "restjwt/http.hpp"
#include "views/request_data.hpp"
#include "views/trim.hpp"

namespace restjwt::detail {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

// Splits on ';' outside double quotes, as Django's _parse_header_params does.
std::vector<std::string_view> split_params(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"' && (i == 0 || text[i - 1] != '\\')) quoted = !quoted;
    if (text[i] == ';' && !quoted) {
      parts.push_back(trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  parts.push_back(trim(text.substr(start)));
  return parts;
}

}  // namespace

std::string_view MediaType::param(std::string_view name) const {
  // The last of repeated parameters, as Python's dict keeps it.
  // NOLINTNEXTLINE(modernize-loop-convert): clang-tidy 14 cannot parse libstdc++ 12's ranges.
  for (auto it = params.rbegin(); it != params.rend(); ++it) {
    if (it->first == name) return it->second;
  }
  return {};
}

bool MediaType::has_param(std::string_view name) const {
  return std::any_of(params.begin(), params.end(), [&](const auto& p) { return p.first == name; });
}

MediaType parse_media_type(std::string_view text) {
  const auto parts = split_params(text);
  MediaType type;
  const std::string full = lower(parts.front());
  const auto slash = full.find('/');
  type.main_type = full.substr(0, slash);
  type.sub_type = slash == std::string::npos ? "" : full.substr(slash + 1);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const auto eq = parts[i].find('=');
    if (eq == std::string_view::npos) continue;
    std::string value(trim(parts[i].substr(eq + 1)));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    type.params.emplace_back(lower(trim(parts[i].substr(0, eq))), std::move(value));
  }
  return type;
}

bool media_type_matches(std::string_view ours, const MediaType& theirs) {
  const auto slash = ours.find('/');
  const std::string_view main = ours.substr(0, slash);
  const std::string_view sub = ours.substr(slash + 1);
  if (sub != "*" && theirs.sub_type != "*" && theirs.sub_type != sub) return false;
  if (main != "*" && theirs.main_type != "*" && theirs.main_type != main) return false;
  return true;
}

BodyParser select_parser(std::string_view content_type) {
  const MediaType type = parse_media_type(content_type);
  if (media_type_matches("application/json", type)) return BodyParser::kJson;
  if (media_type_matches("application/x-www-form-urlencoded", type)) return BodyParser::kForm;
  if (media_type_matches("multipart/form-data", type)) return BodyParser::kMultipart;
  return BodyParser::kNone;
}

std::optional<Renderers> renderers_for_format(std::string_view target) {
  const auto query = target.find('?');
  if (query == std::string_view::npos) return Renderers{};
  const RequestData params = parse_form_body(target.substr(query + 1));
  const FieldValue* format = params.find("format");
  if (format == nullptr || format->text.empty()) return Renderers{};
  if (format->text == "json") return Renderers{true, false};
  if (format->text == "api") return Renderers{false, true};
  return std::nullopt;
}

namespace {

// DRF's _MediaType.precedence: 3 with parameters other than q, 2 a full type, 1 type/*, 0 */*.
int precedence(const MediaType& type) {
  if (type.main_type == "*") return 0;
  if (type.sub_type == "*") return 1;
  if (type.params.empty() || (type.params.size() == 1 && type.params.front().first == "q"))
    return 2;
  return 3;
}

// Python's int() of an ASCII parameter: surrounding whitespace, an optional sign, digits with
// single underscores between them. Values beyond a million saturate (only 0..8 matters here).
std::optional<long> python_int(std::string_view text) {
  text = trim(text);
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || text.front() == '_' || text.back() == '_') return std::nullopt;
  long value = 0;
  char previous = 0;
  for (const char c : text) {
    if (c == '_') {
      if (previous == '_') return std::nullopt;
    } else if (c < '0' || c > '9') {
      return std::nullopt;
    } else {
      value = std::min(value * 10 + (c - '0'), 1'000'000L);
    }
    previous = c;
  }
  return negative ? -value : value;
}

std::vector<MediaType> accept_entries(std::string_view accept) {
  std::vector<MediaType> entries;
  std::size_t start = 0;
  while (start <= accept.size()) {
    auto comma = accept.find(',', start);
    if (comma == std::string_view::npos) comma = accept.size();
    entries.push_back(parse_media_type(trim(accept.substr(start, comma - start))));
    start = comma + 1;
  }
  return entries;
}

}  // namespace

std::optional<int> json_indent(std::string_view accept, bool present, Renderers renderers) {
  if (!present || !renderers.json) return std::nullopt;
  // Nearly every Accept header has no indent parameter: no need to parse it.
  const auto has_indent =
      std::search(accept.begin(), accept.end(), std::begin("indent"), std::end("indent") - 1,
                  [](char a, char b) { return (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == b; });
  if (has_indent == accept.end()) return std::nullopt;
  const auto entries = accept_entries(accept);
  // DRF's select_renderer: the most specific entries first; within them JSONRenderer, then the
  // browsable API's renderer.
  for (int level = 3; level >= 0; --level) {
    for (const MediaType& entry : entries) {
      if (precedence(entry) != level || !media_type_matches("application/json", entry)) continue;
      const auto indent = python_int(entry.param("indent"));
      if (!indent) return std::nullopt;
      const long clamped = std::clamp(*indent, 0L, 8L);
      if (clamped == 0) return std::nullopt;
      return static_cast<int>(clamped);
    }
    for (const MediaType& entry : entries) {
      if (precedence(entry) == level && renderers.html && media_type_matches("text/html", entry)) {
        return std::nullopt;
      }
    }
  }
  return std::nullopt;
}

bool accept_allows_json(std::string_view accept, bool present, Renderers renderers) {
  if (!present) return renderers.json || renderers.html;
  std::size_t start = 0;
  while (start <= accept.size()) {
    auto comma = accept.find(',', start);
    if (comma == std::string_view::npos) comma = accept.size();
    const MediaType type = parse_media_type(trim(accept.substr(start, comma - start)));
    if ((renderers.json && media_type_matches("application/json", type)) ||
        (renderers.html && media_type_matches("text/html", type))) {
      return true;
    }
    start = comma + 1;
  }
  return false;
}

}  // namespace restjwt::detail
