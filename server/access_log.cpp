#include "access_log.hpp"

#include <spdlog/spdlog.h>

namespace restjwt::detail {

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

std::string format_access(const AccessRecord& record) {
  const std::string_view path = record.target.substr(0, record.target.find('?'));
  std::string line = "access method=" + escape_log_field(record.method);
  // A 404's path is whatever the client typed, a token pasted into a URL included: not logged.
  line += " path=" + (record.status == 404 ? std::string("-") : escape_log_field(path));
  line += " status=" + std::to_string(record.status);
  line += " latency_us=" + std::to_string(record.latency.count());
  line += " client=" + escape_log_field(record.client);
  return line;
}

void log_access(const AccessRecord& record) { spdlog::info("{}", format_access(record)); }

}  // namespace restjwt::detail
