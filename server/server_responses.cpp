#include "server_responses.hpp"

#include <string>

namespace restjwt::detail {
namespace {

constexpr std::string_view kUnavailable = "Service temporarily unavailable, try again later.";

}  // namespace

HttpResponse server_response(int status, std::string_view detail) {
  HttpResponse response;
  response.status = status;
  response.headers = {
      {"Content-Type", "application/json"},
      {"X-Frame-Options", "DENY"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "same-origin"},
  };
  response.body = R"({"detail":")" + std::string(detail) + R"("})";
  return response;
}

HttpResponse malformed_request() { return server_response(400, "Malformed request."); }
HttpResponse body_too_large() { return server_response(413, "Request body too large."); }
HttpResponse header_too_large() { return server_response(431, "Request header fields too large."); }
HttpResponse internal_server_error() { return server_response(500, "A server error occurred."); }
HttpResponse service_unavailable() { return server_response(503, kUnavailable); }

std::string_view refused_connection_bytes() {
  static const std::string bytes = [] {
    const std::string body = R"({"detail":")" + std::string(kUnavailable) + R"("})";
    return "HTTP/1.1 503 Service Unavailable\r\n"
           "Content-Type: application/json\r\n"
           "X-Frame-Options: DENY\r\n"
           "X-Content-Type-Options: nosniff\r\n"
           "Referrer-Policy: same-origin\r\n"
           "Retry-After: 1\r\n"
           "Connection: close\r\n"
           "Content-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  }();
  return bytes;
}

}  // namespace restjwt::detail
