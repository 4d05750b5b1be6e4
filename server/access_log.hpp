// The access log: one logfmt line per request through spdlog's default logger,
//   access method=POST path=/api-token-auth/ status=200 latency_us=812 client=127.0.0.1
// The query string is dropped, and so is the path of a 404 (an unknown path is whatever the client
// typed); nothing else of the request is logged, so no token, password, cookie or Authorization
// header can reach the log. Control characters, spaces, quotes,
// backslashes and non-ASCII bytes are escaped as \xHH, so a hostile path cannot forge lines.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace restjwt::detail {

struct AccessRecord {
  std::string_view method;  // "-" when the request line could not be parsed
  std::string_view target;  // as sent; only the part before '?' is logged
  int status = 0;
  std::chrono::microseconds latency{0};  // from the end of the headers to the response written
  std::string_view client;
};

std::string escape_log_field(std::string_view text);
std::string format_access(const AccessRecord& record);
void log_access(const AccessRecord& record);

}  // namespace restjwt::detail
