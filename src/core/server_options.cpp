#include "restjwt/server_options.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>

namespace restjwt {
namespace {

bool is_ipv4(const std::string& host) {
  in_addr out{};
  return inet_pton(AF_INET, host.c_str(), &out) == 1;
}

bool is_ipv6(const std::string& host) {
  in6_addr out{};
  return inet_pton(AF_INET6, host.c_str(), &out) == 1;
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

}  // namespace

std::string BindAddress::to_string() const {
  const std::string port_text = std::to_string(port);
  return is_ipv6() ? "[" + host + "]:" + port_text : host + ":" + port_text;
}

std::optional<BindAddress> parse_bind_address(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto port = parse_port(text.substr(colon + 1));
  if (!port) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    // Brackets are how an IPv6 address is told apart from the port (RFC 3986 host syntax).
    std::string inner(host.substr(1, host.size() - 2));
    if (!is_ipv6(inner)) return std::nullopt;
    return BindAddress{std::move(inner), *port};
  }
  std::string plain(host);
  if (plain == "localhost") {
    // The usual meaning, without a resolver that could answer ::1 on one machine and 127.0.0.1
    // on another.
    return BindAddress{"127.0.0.1", *port};
  }
  if (!is_ipv4(plain)) return std::nullopt;
  return BindAddress{std::move(plain), *port};
}

unsigned effective_io_threads(const ServerOptions& options) {
  if (options.io_threads != 0) return options.io_threads;
  return std::max(1U, std::thread::hardware_concurrency());
}

unsigned effective_hash_threads(const ServerOptions& options) {
  if (options.hash_threads != 0) return options.hash_threads;
  // Every core may hash: the hashing threads run at a lower priority (hash_nice), so token checks
  // still get the CPU first, and a login-only load uses the whole machine, as Django's worker
  // processes do (BENCHMARKS.md measured both: 21 logins/s instead of 11 on two cores, token
  // check latency during a login storm unchanged).
  return std::max(1U, std::thread::hardware_concurrency());
}

}  // namespace restjwt
