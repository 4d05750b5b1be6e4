// CorsOptions: cross-origin resource sharing for single-page apps served from another origin, as
// django-cors-headers (3.x) configures it; the [cors] table of the config, ApplicationOptions::cors
// in a program. docs/wire-contract.md §16.3 is the complete behaviour.
//
// Off while no origin is configured: the answers are then exactly drf-jwt's. On, the Application
// (views.hpp) answers for every route, also those added with add_route():
//   - a preflight (OPTIONS with Access-Control-Request-Method) on a known route: 200 with an
//     empty body, before authentication and the view's method checks (corsheaders answers it in
//     its middleware);
//   - every answer to an allowed origin: Access-Control-Allow-Origin with that origin (never "*"),
//     Access-Control-Allow-Credentials: true when allowed, Access-Control-Expose-Headers when
//     set, and on OPTIONS the allowed headers, methods and max age;
//   - every answer: "Origin" in Vary ("Vary: Accept, Origin"), so caches keep answers apart.
// A request from any other origin gets no CORS header: the browser then keeps the answer from
// the page.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace restjwt {

struct CorsOptions {
  // CORS_ALLOWED_ORIGINS: exact origins, "https://app.example.com" (scheme, host, port if any).
  std::vector<std::string> allowed_origins;
  // CORS_ALLOWED_ORIGIN_REGEXES: ECMAScript regular expressions (std::regex) that must match the
  // whole Origin, e.g. R"(https://\w+\.example\.com)". Application::create refuses one that does
  // not compile.
  std::vector<std::string> allowed_origin_regexes;
  // CORS_ALLOW_CREDENTIALS: the browser may send cookies and read the answer (cookie mode).
  bool allow_credentials = false;
  // CORS_ALLOW_HEADERS, CORS_ALLOW_METHODS: django-cors-headers' defaults.
  std::vector<std::string> allow_headers{"accept",     "authorization", "content-type",
                                         "user-agent", "x-csrftoken",   "x-requested-with"};
  std::vector<std::string> allow_methods{"DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"};
  // CORS_PREFLIGHT_MAX_AGE: how long a browser may keep a preflight's answer; 0 sends none.
  std::chrono::seconds max_age{86400};
  // CORS_EXPOSE_HEADERS: answer headers the page may read beyond the CORS-safelisted ones.
  std::vector<std::string> expose_headers;

  [[nodiscard]] bool enabled() const {
    return !allowed_origins.empty() || !allowed_origin_regexes.empty();
  }
};

}  // namespace restjwt
