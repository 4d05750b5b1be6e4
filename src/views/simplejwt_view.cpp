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

Expected<SimpleJwtView::Presented, HttpResponse> SimpleJwtView::presented(
    std::string_view token) const {
  auto payload = tokens().decode(token);
  if (!payload) return unexpected(token_not_valid(payload.error()));
  auto jti = jti_of(*payload);
  if (!jti) return unexpected(token_not_valid("Token has no id"));
  auto standing = outstanding().standing(*jti);
  if (!standing) return unexpected(store_failed("read a token's standing", standing.error()));
  return Presented{std::move(*payload), std::move(*jti), std::move(*standing)};
}

HttpResponse SimpleJwtView::ok(const Claims& body) const {
  HttpResponse response = json_response(200, render_json(body), kTokenRouteAllow);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace restjwt::detail
