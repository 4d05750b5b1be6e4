#include "views/token_view.hpp"

#include <nlohmann/json.hpp>

#include "restjwt/responses.hpp"
#include "views/cookies.hpp"
#include "views/request_data.hpp"

namespace restjwt::detail {

TokenView::TokenView(TokenViewContext context, std::string metadata, std::vector<FieldSpec> fields)
    : checker_(std::move(context.checker)),
      cookie_origins_(context.cookie_origins ? std::move(context.cookie_origins)
                                             : std::make_shared<const CookieOrigins>()),
      metadata_(std::move(metadata)),
      fields_(std::move(fields)) {}

RequestCost TokenView::cost(const HttpRequest& request) const {
  return iequals(request.method, "POST") ? post_cost() : RequestCost::kInline;
}

RequestCost TokenView::user_read_cost() const {
  return checker_->user_reads_are_local() ? RequestCost::kInline : RequestCost::kDatabase;
}

HttpResponse TokenView::handle(const HttpRequest& request) const {
  // Django dispatches on request.method.lower(), so "post" is POST.
  if (iequals(request.method, "OPTIONS")) return json_response(200, metadata_, kTokenRouteAllow);
  if (!iequals(request.method, "POST")) return method_not_allowed(request.method, kTokenRouteAllow);
  // Login CSRF: the answer would set the JWT cookie in the browser of whoever posted, also for a
  // form on another site posting the attacker's credentials. drf-jwt checks nothing here.
  if (checker_->settings().auth_cookie) {
    if (const auto reason = cookie_origin_failure(request, *cookie_origins_)) {
      return detail_response(403, "CSRF Failed: " + *reason, kTokenRouteAllow);
    }
  }
  // The serializer: the body as request.data, then each field's rules.
  auto data = parse_request_data(request, kTokenRouteAllow);
  if (!data) return std::move(data).error();
  if (const auto shape = body_shape_error(*data)) return non_field_error(*shape, kTokenRouteAllow);
  const ValidatedFields fields = validate_fields(*data, fields_);
  if (!fields.ok()) return json_response(400, render_field_errors(fields), kTokenRouteAllow);
  return post(request, fields.values);
}

HttpResponse TokenView::token_response(const std::string& token, const User& user,
                                       const HttpRequest& request) const {
  const Settings& settings = checker_->settings();
  const Claims body = checker_->hooks().response_payload(token, user, request);
  HttpResponse response = json_response(200, render_json(body), kTokenRouteAllow);
  // A token is a credential: no cache may keep the answer (drf-jwt sent no Cache-Control).
  response.headers.emplace_back("Cache-Control", "no-store");
  if (settings.auth_cookie) {
    response.headers.emplace_back("Set-Cookie", jwt_cookie(settings, token, checker_->now()));
  }
  return response;
}

HttpResponse TokenView::refused(ErrorCode code) const {
  HttpResponse response = error_response(code, Surface::kTokenView, kTokenRouteAllow);
  // A 5xx is the server's fault, already reported with its cause; not a refused token.
  if (response.status < 500) checker_->events().token_refused(code, Surface::kTokenView);
  return response;
}

}  // namespace restjwt::detail
