// The router: Django's URL resolution and APPEND_SLASH, DRF's format override and content
// negotiation, decided once per request; then the route's view.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "restjwt/password_hasher.hpp"
#include "restjwt/responses.hpp"
#include "restjwt/user_store.hpp"
#include "restjwt/views.hpp"
#include "views/background_writes.hpp"
#include "views/builtin_views.hpp"
#include "views/cors.hpp"
#include "views/media_type.hpp"
#include "views/responses.hpp"
#include "views/simplejwt_routes.hpp"
#include "views/uri_text.hpp"

namespace restjwt {
namespace {

// WSGI hands Django the query string as latin-1 text, which iri_to_uri then encodes as UTF-8: a
// raw byte 0xE9 becomes %C3%A9 (and UTF-8 "é" sent raw becomes %C3%83%C2%A9).
std::string query_as_uri(std::string_view query) {
  std::string as_latin1_text;
  for (const char c : query) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      as_latin1_text += c;
    } else {
      as_latin1_text += static_cast<char>(0xC0 | (b >> 6));
      as_latin1_text += static_cast<char>(0x80 | (b & 0x3F));
    }
  }
  return detail::iri_to_uri(as_latin1_text);
}

bool is_route_path(std::string_view path) { return !path.empty() && path.front() == '/'; }

}  // namespace

Expected<std::unique_ptr<Application>, std::string> Application::create(
    ApplicationOptions options, UserStore& store, const PasswordHashers& hashers) {
  // drf-jwt's payload handler adds a claim named after the user model's USERNAME_FIELD.
  options.settings.username_field = store.schema().username_field;
  const std::shared_ptr<Events> events = options.events;
  std::shared_ptr<detail::BackgroundWrites> writes;
  if (options.upgrade_passwords_in_background || options.update_last_login) {
    writes = std::make_shared<detail::BackgroundWrites>(store, events);
  }
  const std::optional<std::string> issuer = options.settings.issuer;
  std::shared_ptr<TokenRevocations> revocations;
  if (options.settings.token_id != TokenId::kOff && options.revocation_store != nullptr) {
    revocations =
        std::make_shared<TokenRevocations>(*options.revocation_store, options.settings,
                                           options.clock, events, options.revocation_poll_interval);
    if (auto loaded = revocations->load(); !loaded) {
      return unexpected("cannot read the revoked tokens: " + loaded.error().message);
    }
  }
  auto checker = TokenChecker::create(
      std::move(options.settings), std::move(options.hooks), store, std::move(options.clock),
      std::move(options.events),
      TokenKeys{options.key_ring, std::move(options.remote_keys), std::move(options.remote_rules)},
      revocations);
  if (!checker) return unexpected(std::move(checker).error());
  if (!(*checker)->can_sign()) {
    return unexpected(std::string("no key to sign tokens with: set JWT_PRIVATE_KEY"));
  }
  auto cors = detail::CorsPolicy::create(std::move(options.cors));
  if (!cors) return unexpected("[cors]: " + std::move(cors).error());
  auto cors_policy = std::make_shared<const detail::CorsPolicy>(std::move(*cors));
  const detail::TokenViewContext context{
      *checker, std::make_shared<const detail::CookieOrigins>(
                    detail::CookieOrigins{options.csrf_trusted_origins, cors_policy})};
  std::optional<detail::SimpleJwtParts> simplejwt;
  if (options.simplejwt) {
    auto parts = detail::make_simplejwt_parts(std::move(*options.simplejwt), *checker);
    if (!parts) return unexpected(std::move(parts).error());
    simplejwt = std::move(*parts);
  }
  auto authenticator =
      std::make_shared<const JwtAuthenticator>(*checker, std::move(options.csrf_trusted_origins),
                                               simplejwt ? simplejwt->authentication : nullptr);
  std::unique_ptr<Application> app(new Application(*checker, authenticator, cors_policy));
  const Routes& routes = options.routes;
  const detail::ObtainViewOptions obtain{options.throttle, options.allow_inactive_login,
                                         std::move(writes), options.upgrade_passwords_in_background,
                                         options.update_last_login};
  for (auto& [path, view] :
       {std::pair{routes.obtain, detail::make_obtain_view(context, hashers, obtain)},
        std::pair{routes.verify, detail::make_verify_view(context)},
        std::pair{routes.refresh, detail::make_refresh_view(context)},
        std::pair{routes.user, detail::make_user_view(authenticator)}}) {
    if (auto added = app->add_route(path, view); !added) {
      return unexpected("[routes]: " + std::move(added).error());
    }
  }
  if (revocations) {
    if (auto added = app->add_route(routes.revoke, detail::make_revoke_view(context)); !added) {
      return unexpected("[routes]: " + std::move(added).error());
    }
  }
  if (simplejwt) {
    for (auto& [path, view] : detail::simplejwt_routes(*simplejwt, context, hashers, obtain)) {
      if (auto added = app->add_route(path, view); !added) {
        return unexpected("[simplejwt]: " + std::move(added).error());
      }
    }
  }
  if (options.key_ring) {
    // Well-known URIs (RFC 8615): fixed paths, documents rather than API views, so without the
    // trailing slash every other route has (and without APPEND_SLASH's redirect to one).
    app->routes_.emplace_back("/.well-known/jwks.json",
                              detail::make_jwks_view(options.key_ring, options.jwks_max_age));
    app->routes_.emplace_back(
        "/.well-known/openid-configuration",
        detail::make_openid_configuration_view(options.key_ring, issuer, options.jwks_max_age));
  }
  return app;
}

Application::Application(std::shared_ptr<const TokenChecker> checker,
                         std::shared_ptr<const JwtAuthenticator> authenticator,
                         std::shared_ptr<const detail::CorsPolicy> cors)
    : checker_(std::move(checker)),
      authenticator_(std::move(authenticator)),
      cors_(std::move(cors)) {}

Expected<void, std::string> Application::add_route(std::string path,
                                                   std::shared_ptr<const View> view) {
  if (!is_route_path(path)) {
    return unexpected("route \"" + path + "\": a path starts with '/'");
  }
  if (!view) return unexpected("route \"" + path + "\": no view");
  if (find(path) != nullptr) return unexpected("route \"" + path + "\" is taken");
  routes_.emplace_back(std::move(path), std::move(view));
  return {};
}

const std::pair<std::string, std::shared_ptr<const View>>* Application::find(
    std::string_view path) const {
  for (const auto& route : routes_) {
    if (route.first == path) return &route;
  }
  return nullptr;
}

Route Application::route(const HttpRequest& request) const {
  Route route;
  // Django matches routes on the decoded path (WSGI's PATH_INFO): /api%2Dtoken-auth/ is obtain.
  const std::string_view raw_path = request.path();
  const auto* found = raw_path.find('%') == std::string_view::npos
                          ? find(raw_path)
                          : find(detail::percent_decode(raw_path, /*plus_is_space=*/false));
  // DRF's URL_FORMAT_OVERRIDE: ?format= picks the renderer; one no view has is DRF's Http404,
  // raised during negotiation (before authentication and the method check), rendered compact.
  const auto renderers = detail::renderers_for_format(request.target);
  bool has_accept = false;
  std::string storage;
  const std::string_view accept = request.combined_header("Accept", storage, &has_accept);
  if (renderers && has_accept) {
    route.json_indent = detail::json_indent(accept, has_accept, *renderers).value_or(0);
  }
  if (found == nullptr) return route;  // kNotFound
  route.view = found->second.get();
  route.path = found->first;
  // django-cors-headers answers preflights in its middleware, before DRF negotiates anything.
  if (cors_->is_preflight(request)) {
    route.outcome = Route::Outcome::kPreflight;
  } else if (!route.view->negotiated()) {
    route.json_indent = 0;
    route.outcome = Route::Outcome::kView;
    route.cost = route.view->cost(request);
  } else if (!renderers) {
    route.outcome = Route::Outcome::kFormatUnknown;
  } else if (!detail::accept_allows_json(accept, has_accept, *renderers)) {
    route.outcome = Route::Outcome::kNotAcceptable;
  } else {
    route.outcome = Route::Outcome::kView;
    route.cost = route.view->cost(request);
  }
  return route;
}

HttpResponse Application::handle(const HttpRequest& request, const Route& route) const {
  HttpResponse response;
  switch (route.outcome) {
    case Route::Outcome::kView:
      response = route.view->handle(request);
      break;
    case Route::Outcome::kNotFound:
      response = not_found(request);
      break;
    case Route::Outcome::kFormatUnknown:
      response = detail_response(404, "Not found.", route.view->allow());
      break;
    case Route::Outcome::kNotAcceptable:
      response =
          detail_response(406, "Could not satisfy the request Accept header.", route.view->allow());
      break;
    case Route::Outcome::kPreflight:
      response = detail::CorsPolicy::preflight_response();
      break;
  }
  // `Accept: application/json; indent=4`: DRF's JSONRenderer indents (never for an unknown
  // ?format=, whose route() left json_indent at 0).
  if (route.json_indent > 0 && response.header("Content-Type") == "application/json") {
    response.body = detail::indent_json(response.body, route.json_indent);
  }
  cors_->apply(request, response);
  return response;
}

HttpResponse Application::unavailable(const HttpRequest& request, const Route& route) const {
  HttpResponse response = error_response(ErrorCode::kServiceUnavailable, Surface::kTokenView,
                                         route.view != nullptr ? route.view->allow() : "");
  cors_->apply(request, response);  // the page may then read the 503 and retry
  return response;
}

// Django's APPEND_SLASH: a known route without its slash is a 301 to it, query kept. The Location
// is Django's get_full_path_with_slash: the decoded path quoted back, a slash, and the query
// string as sent (only characters a URI cannot hold are quoted).
HttpResponse Application::not_found(const HttpRequest& request) const {
  const std::string_view raw_path = request.path();
  const std::string path = detail::percent_decode(raw_path, /*plus_is_space=*/false);
  if (path.ends_with('/') || find(path + "/") == nullptr) {
    return detail_response(404, "Not found.", "");
  }
  HttpResponse response;
  response.status = 301;
  std::string location = detail::escape_uri_path(path) + "/";
  const std::string_view query = std::string_view(request.target).substr(raw_path.size());
  if (query.size() > 1) location += "?" + query_as_uri(query.substr(1));
  response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
  response.headers.emplace_back("Location", std::move(location));
  // CommonMiddleware replaces the 404 with this redirect after XFrameOptionsMiddleware (inner)
  // has run, and before SecurityMiddleware (outer) adds its two headers.
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy", "same-origin");
  return response;
}

}  // namespace restjwt
