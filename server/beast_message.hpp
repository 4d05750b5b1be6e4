// Internal to the server: Beast messages ↔ the framework-neutral HttpRequest / HttpResponse.
#pragma once

#include <string>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "restjwt/http.hpp"

namespace restjwt::detail {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Method as sent, target, headers in arrival order, body (moved), the client's address.
HttpRequest to_http_request(BeastRequest&& request, std::string client_address);

struct ResponseFraming {
  bool head = false;        // a HEAD request: never a body, even if the application sent one
  unsigned version = 11;    // the request's HTTP version, answered in kind
  bool keep_alive = false;  // Connection: close unless true
};

// Writes `response` into `out` (cleared first): headers in the application's order, then
// Content-Length and Date set by the server. Connection, Keep-Alive and Transfer-Encoding from
// the application are ignored (framing is the server's), and so is a header whose value holds
// CR, LF or NUL (logged: it would split the response).
void to_beast_response(HttpResponse&& response, const ResponseFraming& framing, BeastResponse& out);

// Framing that Beast accepts but SPEC/issue 4 rejects, because a proxy in front of the server
// could read the request differently (request smuggling): more than one Content-Length (even
// equal), a Content-Length list ("5, 5"), Transfer-Encoding together with Content-Length, more
// than one Transfer-Encoding, or a Transfer-Encoding other than exactly "chunked".
bool has_ambiguous_framing(const boost::beast::http::fields& fields);

}  // namespace restjwt::detail
