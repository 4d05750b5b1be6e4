// Framework-neutral HTTP request and response, so the views and the authentication check work
// without Beast (the server is one user of them; a test or another framework can be another).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace restjwt {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  // "POST", as sent (methods are case-sensitive)
  std::string target;  // path and query as sent, e.g. "/api-token-auth/?x=1"
  HeaderList headers;  // in arrival order; names as sent
  std::string body;
  std::string client_address;  // the peer address the server decided on (for logs, throttling)

  // The path part of the target (before '?').
  std::string_view path() const;
  // The first header with this name, compared case-insensitively; empty view if absent.
  // `found` tells an empty header from an absent one.
  std::string_view header(std::string_view name, bool* found = nullptr) const;
  // Every value of a repeated header joined with ",", as a WSGI server hands Django a header sent
  // twice: what drf-jwt saw for Authorization and Cookie, and the list semantics of Accept and
  // X-Forwarded-For. A single header is returned as is, without a copy; a repeated one is joined
  // into `storage`, which the result then views.
  std::string_view combined_header(std::string_view name, std::string& storage,
                                   bool* found = nullptr) const;
};

struct HttpResponse {
  int status = 200;
  HeaderList headers;  // in the order they are to be sent
  std::string body;

  void set_header(std::string name, std::string value);
  // The first header with this name (case-insensitive); empty if absent. For tests and logs.
  std::string_view header(std::string_view name) const;
};

// ASCII case-insensitive equality, as HTTP compares header names and media types.
bool iequals(std::string_view a, std::string_view b) noexcept;

// The client a request comes from: its peer (client_address), unless the peer is one of
// `trusted_proxies` (exact IP literals): then the right-most X-Forwarded-For hop that is not a
// trusted proxy. From any other peer the header is ignored (anyone can send it).
std::string client_of(const HttpRequest& request, const std::vector<std::string>& trusted_proxies);

}  // namespace restjwt
