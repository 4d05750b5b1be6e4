// CorsPolicy: CorsOptions (cors.hpp) compiled once, applied by the Application to every answer —
// django-cors-headers' CorsMiddleware (3.x), outermost: its preflight answer comes before any
// view, and its headers are added to whatever the rest answered.
#pragma once

#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "restjwt/cors.hpp"
#include "restjwt/expected.hpp"
#include "restjwt/http.hpp"

namespace restjwt::detail {

// Why `pattern` is not a usable origin regex (std::regex's own words), or nullopt.
std::optional<std::string> origin_regex_error(const std::string& pattern);

class CorsPolicy {
 public:
  // Fails (a start-up message) when a regex does not compile.
  static Expected<CorsPolicy, std::string> create(CorsOptions options);

  [[nodiscard]] bool enabled() const { return options_.enabled(); }
  // An Origin that may read the answers: one of the allowed origins, or one a regex matches whole.
  [[nodiscard]] bool allows(std::string_view origin) const;
  // With CORS on: OPTIONS carrying Access-Control-Request-Method.
  [[nodiscard]] bool is_preflight(const HttpRequest& request) const;
  // corsheaders' HttpResponse(): 200, text/html, empty; apply() adds the CORS headers.
  [[nodiscard]] static HttpResponse preflight_response();
  // Vary: Origin on every answer; the Access-Control-* headers for an allowed Origin.
  void apply(const HttpRequest& request, HttpResponse& response) const;

 private:
  explicit CorsPolicy(CorsOptions options) : options_(std::move(options)) {}

  CorsOptions options_;
  std::vector<std::regex> regexes_;
  // The joined header values, made once.
  std::string allow_headers_;
  std::string allow_methods_;
  std::string expose_headers_;
};

}  // namespace restjwt::detail
