// Internal to the server: Beast requests → the framework-neutral HttpRequest, HttpResponse → bytes.
#pragma once

#include <string>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "restjwt/http.hpp"

namespace restjwt::detail {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Method as sent, target, headers in arrival order, body (moved), the client's address.
HttpRequest to_http_request(BeastRequest&& request, std::string client_address);

struct ResponseFraming {
  bool head = false;        // a HEAD request: never a body, even if the application sent one
  unsigned version = 11;    // the request's HTTP version, answered in kind
  bool keep_alive = false;  // Connection: close unless true
};

// The bytes of `response` on the wire, in one buffer (one write, no serializer state): the
// status line, headers in the application's order, then Date (unless the application set one),
// Content-Length and Connection set by the server, then the body. Connection, Keep-Alive and
// Transfer-Encoding from the application are ignored (framing is the server's), and so is a
// header whose name or value holds CR, LF or NUL (it would split the response). HEAD and
// 1xx/204/304 answers carry no body; a HEAD answer states the Content-Length of the body it was
// given (the GET answer's) without sending it.
// `dropped`, when given, receives the name of a header dropped that way.
std::string serialize_response(HttpResponse&& response, const ResponseFraming& framing,
                               std::string* dropped = nullptr);

// Framing that Beast accepts but restjwt rejects, because a proxy in front of the server
// could read the request differently (request smuggling): more than one Content-Length (even
// equal), a Content-Length list ("5, 5"), Transfer-Encoding together with Content-Length, more
// than one Transfer-Encoding, or a Transfer-Encoding other than exactly "chunked".
bool has_ambiguous_framing(const boost::beast::http::fields& fields);

}  // namespace restjwt::detail
