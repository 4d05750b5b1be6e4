#include "beast_message.hpp"

#include <ctime>
#include <iterator>

#include <spdlog/spdlog.h>

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
  out.body = std::move(request.body());
  out.client_address = std::move(client_address);
  return out;
}

void to_beast_response(HttpResponse&& response, const ResponseFraming& framing,
                       BeastResponse& out) {
  out = BeastResponse{};
  out.version(framing.version);
  out.result(static_cast<unsigned>(response.status));
  bool has_date = false;
  std::string_view declared_length;  // a HEAD answer may state the length GET would have
  for (const auto& [name, value] : response.headers) {
    if (splits_response(name) || splits_response(value)) {
      spdlog::error("response header \"{}\" dropped: its name or value holds CR, LF or NUL",
                    name.substr(0, name.find_first_of("\r\n")));
      continue;
    }
    if (is_framing_header(name)) {
      if (iequals(name, "Content-Length")) declared_length = value;
      continue;
    }
    has_date = has_date || iequals(name, "Date");
    out.insert(name, value);
  }
  if (!has_date) out.set(http::field::date, http_date_now());
  const int status = response.status;
  const bool bodyless_status = status / 100 == 1 || status == 204 || status == 304;
  if (framing.head || bodyless_status) {
    // The serializer writes whatever body it is given: HEAD must get none (RFC 9110 §9.3.2).
    if (framing.head && !declared_length.empty()) {
      out.set(http::field::content_length, declared_length);
    }
  } else {
    out.body() = std::move(response.body);
    out.content_length(out.body().size());
  }
  out.keep_alive(framing.keep_alive);
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
