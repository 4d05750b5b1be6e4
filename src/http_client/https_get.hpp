// One HTTP GET with the limits a server needs when it fetches something on its own (a remote key
// set): https only unless asked, certificates and host names verified, no redirects followed, a
// deadline for the whole exchange, a cap on the answer's size. Blocking (Boost.Beast over
// Boost.Asio and OpenSSL on a private io_context): call it from a thread of your own.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "restjwt/expected.hpp"

namespace restjwt::detail {

struct HttpGetOptions {
  std::string url;                           // https://host[:port]/path[?query]
  std::chrono::milliseconds timeout{5'000};  // resolve, connect, TLS, request and answer
  std::uint64_t max_bytes = 262'144;         // the body (256 KiB); the header is capped at 16 KiB
  bool allow_http = false;                   // http:// URLs (tests only)
  std::string ca_file;                       // "" for the system's certificate authorities
};

// The body of a 200 answer; else why not, in one line ("timed out after 500 ms", "a redirect
// (302 to …) is not followed", "the answer is larger than 262144 bytes", "certificate verify
// failed", …).
Expected<std::string, std::string> https_get(const HttpGetOptions& options);

}  // namespace restjwt::detail
