#include "views/simplejwt_view.hpp"

#include "restjwt/events.hpp"
#include "restjwt/responses.hpp"
#include "views/responses.hpp"

namespace restjwt::detail {

HttpResponse SimpleJwtView::unauthorized(std::string body) const {
  HttpResponse response = json_response(401, std::move(body), kTokenRouteAllow);
  // DRF's handle_exception: the view's authenticate header, right after Content-Type.
  response.headers.emplace(response.headers.begin() + 1, "WWW-Authenticate",
                           simplejwt_.www_authenticate);
  return response;
}

HttpResponse SimpleJwtView::token_not_valid(std::string_view message) const {
  return unauthorized("{\"detail\":" + json_string(message) + ",\"code\":\"token_not_valid\"}");
}

HttpResponse SimpleJwtView::store_failed(std::string_view operation,
                                         const StoreError& error) const {
  const ErrorCode code = store_fault(checker().events(), operation, error);
  return error_response(code, Surface::kTokenView, kTokenRouteAllow);
}

HttpResponse SimpleJwtView::ok(const Claims& body) const {
  HttpResponse response = json_response(200, render_json(body), kTokenRouteAllow);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace restjwt::detail
