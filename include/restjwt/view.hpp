// View: one route's handler in Django REST framework's request cycle. The Application (views.hpp)
// routes a request and negotiates its Accept header once; the view then does the rest —
// authentication when it is protected, method dispatch (405), and its work.
//
// RequestHandler: what a server (server.hpp) serves — the Application, or any other handler.
//
// To add a protected route of your own, derive from ProtectedView (protected_view.hpp) and give it
// to Application::add_route(); examples/protect_my_api shows it in one file.
#pragma once

#include <cstdint>
#include <string_view>

#include "restjwt/http.hpp"

namespace restjwt {

// Where a request's work belongs, so that a server can keep its I/O threads free: answered at
// once (also a local user read, see UserStore::reads_are_local), a database round trip that may
// wait, or a password hash.
enum class RequestCost : std::uint8_t { kInline, kDatabase, kPasswordHash };

class View {
 public:
  virtual ~View() = default;

  // The Allow header of every answer on this route (DRF: the view's allowed methods), e.g.
  // "POST, OPTIONS".
  [[nodiscard]] virtual std::string_view allow() const = 0;
  // Where handle() should run for this request; cheap (no I/O). Called on an I/O thread.
  [[nodiscard]] virtual RequestCost cost(const HttpRequest& request) const = 0;
  // The whole answer, for any method (HEAD is answered as GET: the server drops the body).
  // Thread-safe. Should not throw: an exception is answered 500 and reported.
  [[nodiscard]] virtual HttpResponse handle(const HttpRequest& request) const = 0;
  // False for a route outside DRF's cycle (health checks, metrics): the router then skips the
  // ?format= override and the Accept negotiation, and never indents its answer.
  [[nodiscard]] virtual bool negotiated() const { return true; }
};

// What routing decided for one request: computed once, then handed back to handle().
struct Route {
  enum class Outcome : std::uint8_t {
    kView,           // `view` answers
    kNotFound,       // no route (or Django's APPEND_SLASH redirect to one): 404 or 301
    kFormatUnknown,  // ?format= names no renderer: 404
    kNotAcceptable,  // 406
    kPreflight,      // a CORS preflight on a known route (cors.hpp): 200, before the view
  };
  Outcome outcome = Outcome::kNotFound;
  const View* view = nullptr;  // the matched route's view, also for kFormatUnknown/kNotAcceptable
  std::string_view path;       // the matched route ("" when none): a stable label for metrics
  RequestCost cost = RequestCost::kInline;
  int json_indent = 0;  // 0: compact
};

// What a server serves: the Application, or any other handler of HttpRequests.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // Cheap and without I/O: called on the server's I/O thread.
  [[nodiscard]] virtual Route route(const HttpRequest& request) const = 0;
  // The answer, where route.cost says. Thread-safe.
  [[nodiscard]] virtual HttpResponse handle(const HttpRequest& request,
                                            const Route& route) const = 0;
  // The answer when the work could not be scheduled (a pool's queue is full): 503.
  [[nodiscard]] virtual HttpResponse unavailable(const HttpRequest& request,
                                                 const Route& route) const = 0;
};

}  // namespace restjwt
