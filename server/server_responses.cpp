#include "server_responses.hpp"

#include <string>

#include "restjwt/responses.hpp"

namespace restjwt::detail {
namespace {

std::string detail_body(ErrorCode code) {
  // The messages are fixed ASCII without quotes or backslashes: no escaping needed.
  return R"({"detail":")" + std::string(to_public(code, Surface::kTokenView).message) + R"("})";
}

}  // namespace

HttpResponse server_error_response(ErrorCode code) {
  HttpResponse response;
  response.status = to_public(code, Surface::kTokenView).status;
  response.headers.emplace_back("Content-Type", "application/json");
  add_security_headers(response.headers);
  response.body = detail_body(code);
  return response;
}

std::string_view refused_connection_bytes() {
  static const std::string bytes = [] {
    const std::string body = detail_body(ErrorCode::kServiceUnavailable);
    std::string head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n";
    HeaderList security;
    add_security_headers(security);
    for (const auto& [name, value] : security) head += name + ": " + value + "\r\n";
    return head +
           "Retry-After: 1\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
  }();
  return bytes;
}

}  // namespace restjwt::detail
