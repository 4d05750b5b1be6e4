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
  std::string out;
  out.reserve(text.size());
  append_log_field(out, text);
  return out;
}

void append_log_field(std::string& out, std::string_view text) {
  if (text.empty()) {
    out += '-';
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  const auto plain = [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7F && c != '"' && c != '\\';
  };
  std::size_t start = 0;  // plain runs are appended whole: a typical field needs no escape
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (plain(text[i])) continue;
    const auto u = static_cast<unsigned char>(text[i]);
    out.append(text.substr(start, i - start));
    const char escaped[] = {'\\', 'x', kHex[u >> 4U], kHex[u & 0x0FU]};
    out.append(escaped, sizeof escaped);
    start = i + 1;
  }
  out.append(text.substr(start));
}

}  // namespace restjwt
