// Text for log lines, shared by the server's messages and the service's logger.
#include <string>

#include "restjwt/server_events.hpp"

namespace restjwt {

std::string_view to_string(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "error";
}

std::string escape_log_field(std::string_view text) {
  if (text.empty()) return "-";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '"' || c == '\\') {
      out += "\\x";
      out += kHex[u >> 4U];
      out += kHex[u & 0x0FU];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace restjwt
