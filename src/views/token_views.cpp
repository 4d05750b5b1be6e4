// ObtainJSONWebToken, VerifyJSONWebToken, RefreshJSONWebToken (drf-jwt 1.11 views and
// serializers), with the fixes of SPEC §15.
#include <cmath>

#include <nlohmann/json.hpp>

#include "restjwt/credentials.hpp"
#include "restjwt/throttle.hpp"
#include "views/cookies.hpp"
#include "views/fields.hpp"
#include "views/responses.hpp"
#include "views/view_context.hpp"

namespace restjwt::detail {
namespace {

HttpResponse error_for(ErrorCode code) {
  const auto text = to_public(code, Surface::kTokenView);
  if (code == ErrorCode::kServiceUnavailable) return detail_response(503, text, kTokenRouteAllow);
  if (code == ErrorCode::kInternal) return detail_response(500, text, kTokenRouteAllow);
  return non_field_error(text, kTokenRouteAllow);
}

// Body parsing and field validation; on failure `response` holds the 400/415.
std::optional<std::vector<std::string>> read_fields(const HttpRequest& request,
                                                    const std::vector<FieldSpec>& specs,
                                                    HttpResponse& response) {
  auto data = parse_request_data(request, kTokenRouteAllow);
  if (!data) {
    response = std::move(data).error();
    return std::nullopt;
  }
  if (const auto shape = body_shape_error(*data)) {
    response = non_field_error(*shape, kTokenRouteAllow);
    return std::nullopt;
  }
  auto fields = validate_fields(*data, specs);
  if (!fields.ok()) {
    response = json_response(400, render_field_errors(fields), kTokenRouteAllow);
    return std::nullopt;
  }
  return std::move(fields.values);
}

// The success answer shared by the three views: the response payload, no-store (§15.10) and
// the cookie when JWT_AUTH_COOKIE is set (SPEC §12).
HttpResponse token_response(const ViewContext& ctx, const std::string& token, const User& user,
                            const HttpRequest& request) {
  const Claims body = ctx.options.hooks.response_payload(token, user, request);
  HttpResponse response = json_response(200, render_json(body), kTokenRouteAllow);
  response.headers.emplace_back("Cache-Control", "no-store");
  if (ctx.settings().auth_cookie) {
    response.headers.emplace_back("Set-Cookie", jwt_cookie(ctx.settings(), token, ctx.now()));
  }
  return response;
}

Expected<std::string> issue_token(const ViewContext& ctx, const Claims& payload, const User& user) {
  auto key = ctx.checker.signing_key(user, ctx.signing_key);
  if (!key) return unexpected(key.error());
  return encode_jwt(*key, payload);
}

// Python truthiness of orig_iat: 0, 0.0, null, "", false, [] and {} are "missing".
bool is_falsy(const Claims& value) {
  if (value.is_null()) return true;
  if (value.is_boolean()) return !value.get<bool>();
  if (value.is_number()) return value.get<double>() == 0.0;
  if (value.is_string()) return value.get_ref<const std::string&>().empty();
  if (value.is_array() || value.is_object()) return value.empty();
  return false;
}

}  // namespace

HttpResponse obtain_token(const ViewContext& ctx, const HttpRequest& request) {
  HttpResponse response;
  const std::string& username_field = ctx.store.schema().username_field;
  const auto fields = read_fields(request, {{username_field, true}, {"password", false}}, response);
  if (!fields) return response;
  const std::string& username = (*fields)[0];
  const std::string& password = (*fields)[1];
  const LoginThrottle* throttle = ctx.options.throttle.get();
  // Throttled before any hashing: a flood of guesses costs us almost nothing.
  if (throttle != nullptr) {
    if (const auto wait = throttle->check(throttle->client_of(request), username)) {
      HttpResponse throttled = detail_response(429, throttled_message(*wait), kTokenRouteAllow);
      throttled.headers.emplace_back("Retry-After", std::to_string(*wait));
      return throttled;
    }
  }
  auto result = authenticate_credentials(ctx.store, ctx.hashers, username, password,
                                         ctx.options.allow_inactive_login);
  if (!result) return error_for(store_error_code(result.error()));
  if (throttle != nullptr) throttle->record(username, result->kind == CredentialsResult::Kind::kOk);
  switch (result->kind) {
    case CredentialsResult::Kind::kInvalid:
      return error_for(ErrorCode::kInvalidCredentials);
    case CredentialsResult::Kind::kInactive:
      return error_for(ErrorCode::kUserDisabled);
    case CredentialsResult::Kind::kOk:
      break;
  }
  const User& user = *result->user;
  const Claims payload = ctx.options.hooks.payload(user, ctx.settings(), ctx.now());
  const auto token = issue_token(ctx, payload, user);
  if (!token) return error_for(token.error());
  return token_response(ctx, *token, user, request);
}

HttpResponse verify_token(const ViewContext& ctx, const HttpRequest& request) {
  HttpResponse response;
  const auto fields = read_fields(request, {{"token", true}}, response);
  if (!fields) return response;
  const std::string& token = (*fields)[0];
  auto checked = ctx.checker.check(token);
  if (!checked) return error_for(checked.error());
  return token_response(ctx, token, checked->user, request);
}

HttpResponse refresh_token(const ViewContext& ctx, const HttpRequest& request) {
  HttpResponse response;
  const auto fields = read_fields(request, {{"token", true}}, response);
  if (!fields) return response;
  auto checked = ctx.checker.check((*fields)[0]);
  if (!checked) return error_for(checked.error());
  const auto orig_iat = checked->payload.find("orig_iat");
  if (orig_iat == checked->payload.end() || is_falsy(*orig_iat)) {
    return error_for(ErrorCode::kOrigIatMissing);
  }
  // drf-jwt did `orig_iat + refresh_limit`: a string or bool there was a 500 (§15.1).
  if (!orig_iat->is_number() || !std::isfinite(orig_iat->get<double>())) {
    return error_for(ErrorCode::kOrigIatInvalid);
  }
  const double issued = orig_iat->get<double>();
  const auto now = static_cast<double>(ctx.now());
  if (issued > now + static_cast<double>(ctx.settings().leeway.count())) {
    return error_for(ErrorCode::kOrigIatInFuture);  // §15.12
  }
  if (now > issued + static_cast<double>(ctx.settings().refresh_expiration_delta.count())) {
    return error_for(ErrorCode::kRefreshExpired);
  }
  // A new payload from the current user record, with orig_iat copied unchanged (in place when
  // JWT_ALLOW_REFRESH put one there, appended otherwise).
  Claims payload = ctx.options.hooks.payload(checked->user, ctx.settings(), ctx.now());
  payload["orig_iat"] = *orig_iat;
  const auto token = issue_token(ctx, payload, checked->user);
  if (!token) return error_for(token.error());
  return token_response(ctx, *token, checked->user, request);
}

}  // namespace restjwt::detail
