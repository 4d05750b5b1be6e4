// Routing and the DRF request cycle: APPEND_SLASH redirects and 404s, then content negotiation
// (406), authentication (protected route), method dispatch (405), the view.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "restjwt/authenticator.hpp"
#include "views/csrf.hpp"
#include "views/media_type.hpp"
#include "views/responses.hpp"
#include "views/uri_text.hpp"
#include "views/view_context.hpp"

namespace restjwt {
namespace {

using detail::detail_response;
using detail::json_response;

enum class Route : std::uint8_t { kNone, kObtain, kVerify, kRefresh, kUser };

// Header values must stay on one line of visible ASCII: anything else is percent-encoded.
std::string header_safe(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : value) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b >= 0x7F || c == '%') {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    } else {
      out += c;
    }
  }
  return out;
}

class ApplicationImpl final : public Application {
 public:
  // The context is built in place and never moved: its TokenChecker refers to its own members.
  ApplicationImpl(ApplicationOptions options, std::optional<Key> signing,
                  std::optional<Key> verification, UserStore& store, const PasswordHashers& hashers,
                  std::unique_ptr<JwtAuthenticator> auth)
      : ctx_(std::move(options), std::move(signing), std::move(verification), store, hashers),
        auth_(std::move(auth)) {}

  RequestCost cost(const HttpRequest& request) const override {
    // Token checks only read users; a local read costs less than a hand-off to a pool and back.
    const RequestCost user_read =
        ctx_.store.reads_are_local() ? RequestCost::kInline : RequestCost::kDatabase;
    switch (route_of_request(request)) {
      case Route::kObtain:
        return is(request, "POST") ? RequestCost::kPasswordHash : RequestCost::kInline;
      case Route::kVerify:
      case Route::kRefresh:
        return is(request, "POST") ? user_read : RequestCost::kInline;
      case Route::kUser:
        return user_read;  // authentication runs before anything else
      case Route::kNone:
        return RequestCost::kInline;
    }
    return RequestCost::kInline;
  }

  HttpResponse handle(const HttpRequest& request) const override {
    HttpResponse response = respond(request);
    // `Accept: application/json; indent=4`: DRF's JSONRenderer indents.
    bool has_accept = false;
    std::string storage;
    const std::string_view accept = request.combined_header("Accept", storage, &has_accept);
    if (has_accept && response.header("Content-Type") == "application/json") {
      // A ?format= that no renderer has is DRF's Http404, rendered without negotiation: compact.
      const auto renderers = detail::renderers_for_format(request.target);
      if (const auto indent =
              renderers ? detail::json_indent(accept, has_accept, *renderers) : std::nullopt) {
        response.body = detail::indent_json(response.body, *indent);
      }
    }
    // HEAD: DRF answers as for GET and Django's CommonMiddleware declares the length of that
    // body; the server sends the headers only.
    if (is(request, "HEAD")) {
      response.set_header("Content-Length", std::to_string(response.body.size()));
      response.body.clear();
    }
    return response;
  }

  HttpResponse unavailable(const HttpRequest& request) const override {
    const Route route = route_of_request(request);
    return detail_response(503, to_public(ErrorCode::kServiceUnavailable, Surface::kTokenView),
                           route == Route::kUser   ? detail::kUserRouteAllow
                           : route == Route::kNone ? ""
                                                   : detail::kTokenRouteAllow);
  }

 private:
  HttpResponse respond(const HttpRequest& request) const {
    const Route route = route_of_request(request);
    if (route == Route::kNone) return not_found(request);
    const std::string_view allow =
        route == Route::kUser ? detail::kUserRouteAllow : detail::kTokenRouteAllow;
    // DRF's URL_FORMAT_OVERRIDE: ?format= picks the renderer; one the view lacks is a 404
    // (DRF raises Http404 during negotiation, before authentication and the method check).
    const auto renderers = detail::renderers_for_format(request.target);
    if (!renderers) return detail_response(404, "Not found.", allow);
    bool has_accept = false;
    std::string storage;
    const std::string_view accept = request.combined_header("Accept", storage, &has_accept);
    if (!detail::accept_allows_json(accept, has_accept, *renderers)) {
      return detail_response(406, "Could not satisfy the request Accept header.", allow);
    }
    if (route == Route::kUser) return user_view(request);
    if (is(request, "OPTIONS")) {
      return json_response(200, metadata_for(route), allow);
    }
    if (!is(request, "POST")) return method_not_allowed(request, allow);
    switch (route) {
      case Route::kObtain:
        return detail::obtain_token(ctx_, request);
      case Route::kVerify:
        return detail::verify_token(ctx_, request);
      case Route::kRefresh:
        return detail::refresh_token(ctx_, request);
      case Route::kUser:
      case Route::kNone:
        break;
    }
    return not_found(request);
  }

  // Django dispatches on request.method.lower(), so "post" is POST.
  static bool is(const HttpRequest& request, std::string_view method) {
    return iequals(request.method, method);
  }

  // Django matches routes on the decoded path (WSGI's PATH_INFO): /api%2Dtoken-auth/ is obtain.
  Route route_of_request(const HttpRequest& request) const {
    const std::string_view path = request.path();
    if (path.find('%') == std::string_view::npos) return route_of(path);
    return route_of(detail::percent_decode(path, /*plus_is_space=*/false));
  }

  Route route_of(std::string_view path) const {
    const Routes& routes = ctx_.options.routes;
    if (path == routes.obtain) return Route::kObtain;
    if (path == routes.verify) return Route::kVerify;
    if (path == routes.refresh) return Route::kRefresh;
    if (path == routes.user) return Route::kUser;
    return Route::kNone;
  }

  std::string metadata_for(Route route) const {
    switch (route) {
      case Route::kObtain:
        return detail::obtain_metadata(ctx_.store.schema().username_field);
      case Route::kVerify:
        return detail::verify_metadata();
      case Route::kRefresh:
        return detail::refresh_metadata();
      case Route::kUser:
        return detail::user_metadata();
      case Route::kNone:
        break;
    }
    return "{}";
  }

  // Django's APPEND_SLASH: a known route without its slash is a 301 to it, query kept.
  // The Location is Django's get_full_path_with_slash: the decoded path quoted back, a slash, and
  // the query string as sent (only characters a URI cannot hold are quoted).
  HttpResponse not_found(const HttpRequest& request) const {
    const std::string_view raw_path = request.path();
    const std::string path = detail::percent_decode(raw_path, /*plus_is_space=*/false);
    if (!path.ends_with('/') && route_of(path + "/") != Route::kNone) {
      HttpResponse response;
      response.status = 301;
      std::string location = detail::escape_uri_path(path) + "/";
      const std::string_view query = std::string_view(request.target).substr(raw_path.size());
      if (query.size() > 1) {
        // WSGI hands Django the query as latin-1 text, which iri_to_uri encodes as UTF-8: a raw
        // byte 0xE9 becomes %C3%A9 (and UTF-8 "é" sent raw becomes %C3%83%C2%A9).
        std::string as_latin1_text;
        for (const char c : query.substr(1)) {
          const auto b = static_cast<unsigned char>(c);
          if (b < 0x80) {
            as_latin1_text += c;
          } else {
            as_latin1_text += static_cast<char>(0xC0 | (b >> 6));
            as_latin1_text += static_cast<char>(0x80 | (b & 0x3F));
          }
        }
        location += "?" + detail::iri_to_uri(as_latin1_text);
      }
      response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
      response.headers.emplace_back("Location", std::move(location));
      // CommonMiddleware replaces the 404 with this redirect after XFrameOptionsMiddleware
      // (inner) has run, and before SecurityMiddleware (outer) adds its two headers.
      response.headers.emplace_back("X-Content-Type-Options", "nosniff");
      response.headers.emplace_back("Referrer-Policy", "same-origin");
      return response;
    }
    return detail_response(404, "Not found.", "");
  }

  static HttpResponse method_not_allowed(const HttpRequest& request, std::string_view allow) {
    // Django's request.method is upper-cased; dispatch ignores case (is()).
    std::string method = request.method;
    std::transform(method.begin(), method.end(), method.begin(), [](char c) {
      return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    });
    return detail_response(405, "Method \"" + method + "\" not allowed.", allow);
  }

  // restjwt's protected route (SPEC §11): who the token says you are.
  HttpResponse user_view(const HttpRequest& request) const {
    const AuthenticationResult result = auth_->authenticate(request);
    if (!result.authenticated()) return auth_->challenge(result, detail::kUserRouteAllow);
    if (result.from_cookie && detail::is_unsafe_method(request.method)) {
      if (const auto reason = detail::csrf_failure(request, ctx_.options.csrf_trusted_origins)) {
        return detail_response(403, "CSRF Failed: " + *reason, detail::kUserRouteAllow);
      }
    }
    if (is(request, "OPTIONS"))
      return json_response(200, detail::user_metadata(), detail::kUserRouteAllow);
    if (!is(request, "HEAD") && !is(request, "GET") && !is(request, "POST")) {
      return method_not_allowed(request, detail::kUserRouteAllow);
    }
    const User& user = *result.user;
    Claims body = Claims::object();
    if (const auto* id = std::get_if<std::int64_t>(&user.id))
      body["user_id"] = *id;
    else
      body["user_id"] = std::get<std::string>(user.id);
    body["username"] = user.username;
    body["email"] = user.email ? Claims(*user.email) : Claims(nullptr);
    HttpResponse response = json_response(200, detail::render_json(body), detail::kUserRouteAllow);
    response.headers.emplace_back("X-Auth-User-Id", header_safe(to_string(user.id)));
    response.headers.emplace_back("X-Auth-Username", header_safe(user.username));
    return response;
  }

  detail::ViewContext ctx_;
  std::unique_ptr<JwtAuthenticator> auth_;
};

}  // namespace

Expected<std::unique_ptr<Application>, std::string> Application::create(
    ApplicationOptions options, UserStore& store, const PasswordHashers& hashers) {
  if (!options.settings.verify) {
    return unexpected(std::string(
        "JWT_VERIFY = false is refused: it would accept forged and unsigned tokens (SPEC §15.6)"));
  }
  options.settings.username_field = store.schema().username_field;
  auto keys = make_keys(options.settings);
  if (!keys) return unexpected(keys.error());
  const bool per_user =
      static_cast<bool>(options.hooks.user_secret) && is_hmac(options.settings.algorithm);
  std::optional<Key> signing = keys->signing;
  std::optional<Key> verification = keys->verification;
  if (per_user) {
    signing.reset();  // drf-jwt: JWT_PRIVATE_KEY or jwt_get_secret_key(payload)
    verification.reset();
  } else if (!verification) {
    return unexpected(
        std::string("no key to verify tokens with: set JWT_SECRET_KEY or JWT_PUBLIC_KEY"));
  }
  if (!signing && !per_user) {
    return unexpected(std::string("no key to sign tokens with: set JWT_PRIVATE_KEY"));
  }
  auto auth = JwtAuthenticator::create(options.settings, store, options.hooks, options.clock);
  if (!auth) return unexpected(auth.error());
  return std::unique_ptr<Application>(
      std::make_unique<ApplicationImpl>(std::move(options), std::move(signing),
                                        std::move(verification), store, hashers, std::move(*auth)));
}

}  // namespace restjwt
