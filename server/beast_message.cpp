#include "beast_message.hpp"

#include <ctime>
#include <iterator>

#include <boost/beast/http/status.hpp>

namespace restjwt::detail {
namespace {

namespace http = boost::beast::http;

bool is_framing_header(std::string_view name) {
  return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
         iequals(name, "Connection") || iequals(name, "Keep-Alive");
}

bool splits_response(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

// RFC 9110 IMF-fixdate, formatted at most once a second per thread.
std::string_view http_date_now() {
  thread_local std::time_t cached = -1;
  thread_local char text[40] = {};
  const std::time_t now = std::time(nullptr);
  if (now != cached) {
    std::tm parts{};
    gmtime_r(&now, &parts);
    // The process never calls setlocale(), so %a and %b are the English names HTTP needs.
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &parts);
    cached = now;
  }
  return text;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

HttpRequest to_http_request(BeastRequest&& request, std::string client_address) {
  HttpRequest out;
  out.method = std::string(request.method_string());
  out.target = std::string(request.target());
  out.headers.reserve(static_cast<std::size_t>(std::distance(request.begin(), request.end())));
  for (const auto& field : request) {
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  // Django reads a body by its Content-Length only (WSGI's CONTENT_LENGTH): a chunked body,
  // which has none, is read off the connection and then ignored, so the view sees no data
  // (wire contract §2: no Content-Length, no data).
  if (!request.chunked()) out.body = std::move(request.body());
  out.client_address = std::move(client_address);
  return out;
}

std::string serialize_response(HttpResponse&& response, const ResponseFraming& framing,
                               std::string* dropped) {
  const int status = response.status;
  const bool bodyless_status = status / 100 == 1 || status == 204 || status == 304;
  const bool with_body = !framing.head && !bodyless_status;
  // HEAD: the length of the body a GET would have had (Django's CommonMiddleware sets it).
  const bool declares_length = with_body || (framing.head && !bodyless_status);
  std::string wire;
  std::size_t size = 96 + (with_body ? response.body.size() : 0);
  for (const auto& [name, value] : response.headers) size += name.size() + value.size() + 4;
  wire.reserve(size);
  wire += framing.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  wire += std::to_string(status);
  wire += ' ';
  const auto reason = http::obsolete_reason(static_cast<http::status>(status));
  wire.append(reason.data(), reason.size());
  wire += "\r\n";
  const auto header = [&wire](std::string_view name, std::string_view value) {
    wire.append(name).append(": ").append(value).append("\r\n");
  };
  bool has_date = false;
  for (const auto& [name, value] : response.headers) {
    if (splits_response(name) || splits_response(value)) {
      if (dropped != nullptr)
        *dropped = name.substr(0, name.find_first_of(std::string_view("\r\n\0", 3)));
      continue;
    }
    if (is_framing_header(name)) continue;
    has_date = has_date || iequals(name, "Date");
    header(name, value);
  }
  if (!has_date) header("Date", http_date_now());
  if (declares_length) header("Content-Length", std::to_string(response.body.size()));
  // HTTP/1.1 is persistent unless it says close; HTTP/1.0 only when it says keep-alive.
  if (framing.version == 10 ? framing.keep_alive : !framing.keep_alive) {
    header("Connection", framing.keep_alive ? "keep-alive" : "close");
  }
  wire += "\r\n";
  if (with_body) wire += response.body;
  return wire;
}

bool has_ambiguous_framing(const http::fields& fields) {
  std::size_t lengths = 0;
  std::size_t encodings = 0;
  std::string_view encoding;
  for (const auto& field : fields) {
    if (field.name() == http::field::content_length) {
      ++lengths;
      if (field.value().find(',') != std::string_view::npos) return true;
    } else if (field.name() == http::field::transfer_encoding) {
      ++encodings;
      encoding = field.value();
    }
  }
  if (lengths > 1 || encodings > 1) return true;
  return encodings == 1 && (lengths == 1 || !iequals(trim(encoding), "chunked"));
}

}  // namespace restjwt::detail
