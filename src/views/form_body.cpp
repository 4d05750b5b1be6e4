// Form bodies as Django parses them: QueryDict for urlencoded, MultiPartParser for multipart.
// Values are text (decode errors replaced); uploaded files count as "not a string".
#include <string>

#include "core/percent_decode.hpp"
#include "views/media_type.hpp"
#include "views/request_data.hpp"
#include "views/responses.hpp"
#include "views/split.hpp"
#include "views/trim.hpp"

namespace restjwt::detail {
namespace {

// urllib.parse.unquote_plus, then text: invalid UTF-8 replaced as Python's decode does.
std::string form_unquote(std::string_view text) {
  return utf8_replace_invalid(percent_decode(text, /*plus_is_space=*/true));
}

// The length of a valid UTF-8 sequence at `s[i]`, or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b = byte(i);
  if (b < 0x80) return 1;
  std::size_t len = 0;
  unsigned char low = 0x80, high = 0xBF;
  if (b >= 0xC2 && b <= 0xDF)
    len = 2;
  else if (b == 0xE0) {
    len = 3;
    low = 0xA0;
  } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF)
    len = 3;
  else if (b == 0xED) {
    len = 3;
    high = 0x9F;
  } else if (b == 0xF0) {
    len = 4;
    low = 0x90;
  } else if (b >= 0xF1 && b <= 0xF3)
    len = 4;
  else if (b == 0xF4) {
    len = 4;
    high = 0x8F;
  } else
    return 0;
  if (i + len > s.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return len;
}

// Valid boundary per Python's cgi.valid_boundary: ^[ -~]{0,200}[!-~]$.
bool valid_boundary(std::string_view b) {
  if (b.empty() || b.size() > 201 || b.back() == ' ') return false;
  for (const char c : b) {
    if (c < ' ' || c > '~') return false;
  }
  return true;
}

// One part: its headers' Content-Disposition name and whether it is a file.
void add_part(std::string_view part, RequestData& data) {
  const auto header_end = part.find("\r\n\r\n");
  if (header_end == std::string_view::npos) return;
  const std::string_view headers = part.substr(0, header_end);
  std::string_view content = part.substr(header_end + 4);
  std::string name;
  bool is_file = false;
  for_each_piece(headers, "\r\n", [&](std::string_view line) {
    const auto colon = line.find(':');
    if (colon != std::string_view::npos &&
        parse_media_type(line.substr(0, colon)).main_type == "content-disposition") {
      const MediaType disposition = parse_media_type(trim(line.substr(colon + 1)));
      if (disposition.main_type == "form-data" && disposition.has_param("name")) {
        name = utf8_replace_invalid(disposition.param("name"));  // field names are text too
        is_file = disposition.has_param("filename");
      }
    }
  });
  if (name.empty()) return;
  if (is_file) {
    data.fields[name] = FieldValue{FieldValue::Kind::kNotString, {}};
  } else {
    data.fields[name] = FieldValue{FieldValue::Kind::kString, utf8_replace_invalid(content)};
  }
}

}  // namespace

std::string utf8_replace_invalid(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t len = utf8_sequence(bytes, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(bytes.substr(i, len));
      i += len;
    }
  }
  return out;
}

RequestData parse_form_body(std::string_view body) {
  RequestData data;
  for_each_piece(body, "&", [&](std::string_view pair) {
    if (pair.empty()) return;
    const auto eq = pair.find('=');
    const std::string_view name = pair.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    data.fields[form_unquote(name)] = FieldValue{FieldValue::Kind::kString, form_unquote(value)};
  });
  return data;
}

Expected<RequestData, std::string> parse_multipart_body(std::string_view content_type,
                                                        std::string_view body) {
  // Django checks the prefix case-sensitively after DRF matched the type case-insensitively.
  if (content_type.substr(0, 10) != "multipart/") {
    return unexpected("Invalid Content-Type: " + std::string(content_type));
  }
  const MediaType type = parse_media_type(content_type);
  if (!type.has_param("boundary") || type.param("boundary").empty()) {
    return unexpected(std::string("Invalid boundary in multipart: None"));
  }
  const std::string_view boundary = type.param("boundary");
  if (!valid_boundary(boundary)) {
    return unexpected("Invalid boundary in multipart: " + std::string(boundary));
  }
  RequestData data;
  const std::string delimiter = "--" + std::string(boundary);
  std::size_t at = body.find(delimiter);
  while (at != std::string_view::npos) {
    std::size_t part_start = at + delimiter.size();
    if (body.substr(part_start, 2) == "--") break;  // the closing delimiter
    if (body.substr(part_start, 2) == "\r\n") part_start += 2;
    const std::size_t next = body.find("\r\n" + delimiter, part_start);
    if (next == std::string_view::npos) {
      // No closing delimiter: Django's MultiPartParser takes the rest of the body as the last
      // part's value, trailing CR LF included.
      add_part(body.substr(part_start), data);
      break;
    }
    add_part(body.substr(part_start, next - part_start), data);
    at = next + 2;
  }
  return data;
}

Expected<RequestData, HttpResponse> parse_request_data(const HttpRequest& request,
                                                       std::string_view allow) {
  // DRF: no body means empty data whatever the Content-Type (the stream is None).
  if (request.body.empty()) {
    return RequestData{};
  }
  bool has_type = false;
  const std::string_view content_type = request.header("Content-Type", &has_type);
  const auto unsupported = [&] {
    std::string message = "Unsupported media type \"";
    message += content_type;
    message += "\" in request.";
    return detail_response(415, message, allow);
  };
  switch (select_parser(content_type)) {
    case BodyParser::kNone:
      return unexpected(unsupported());
    case BodyParser::kJson: {
      auto parsed = parse_json_body(request.body);
      if (!parsed)
        return unexpected(detail_response(400, "JSON parse error - " + parsed.error(), allow));
      return std::move(parsed).value();
    }
    case BodyParser::kForm:
      return parse_form_body(request.body);
    case BodyParser::kMultipart: {
      auto parsed = parse_multipart_body(content_type, request.body);
      if (!parsed) {
        return unexpected(
            detail_response(400, "Multipart form parse error - " + parsed.error(), allow));
      }
      return std::move(parsed).value();
    }
  }
  return unexpected(unsupported());
}

}  // namespace restjwt::detail
