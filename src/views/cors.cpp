// django-cors-headers' CorsMiddleware (3.x) over restjwt's HttpRequest and HttpResponse.
#include "views/cors.hpp"

#include <algorithm>

#include "views/split.hpp"
#include "views/trim.hpp"

namespace restjwt::detail {
namespace {

// An Origin is a scheme, a host and a port: a longer header is no origin, and is not handed to
// std::regex, whose backtracking recurses per character.
constexpr std::size_t kMaxOriginBytes = 1024;

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

// Django's patch_vary_headers: the name is added unless the header already lists it (any case).
void add_to_vary(HttpResponse& response, std::string_view name) {
  for (auto& [header, value] : response.headers) {
    if (!iequals(header, "Vary")) continue;
    bool listed = false;
    for_each_piece(value, ",", [&](std::string_view item) {
      listed = listed || iequals(trim(item, kAsciiWhitespace), name);
    });
    if (!listed) value += ", " + std::string(name);
    return;
  }
  response.headers.emplace_back("Vary", std::string(name));
}

}  // namespace

std::optional<std::string> origin_regex_error(const std::string& pattern) {
  try {
    const std::regex compiled(pattern, std::regex::ECMAScript);
    static_cast<void>(compiled);
    return std::nullopt;
  } catch (const std::regex_error& error) {
    return std::string(error.what());
  }
}

Expected<CorsPolicy, std::string> CorsPolicy::create(CorsOptions options) {
  CorsPolicy policy(std::move(options));
  for (const auto& pattern : policy.options_.allowed_origin_regexes) {
    if (auto error = origin_regex_error(pattern)) {
      return unexpected("CORS origin regex \"" + pattern + "\": " + *error);
    }
    policy.regexes_.emplace_back(pattern, std::regex::ECMAScript);
  }
  policy.allow_headers_ = joined(policy.options_.allow_headers);
  policy.allow_methods_ = joined(policy.options_.allow_methods);
  policy.expose_headers_ = joined(policy.options_.expose_headers);
  return policy;
}

bool CorsPolicy::allows(std::string_view origin) const {
  if (origin.empty() || origin.size() > kMaxOriginBytes) return false;
  const auto& exact = options_.allowed_origins;
  if (std::find(exact.begin(), exact.end(), origin) != exact.end()) return true;
  return std::any_of(regexes_.begin(), regexes_.end(), [origin](const std::regex& regex) {
    return std::regex_match(origin.begin(), origin.end(), regex);
  });
}

bool CorsPolicy::is_preflight(const HttpRequest& request) const {
  bool requested = false;
  // Django compares request.method exactly: browsers send "OPTIONS".
  if (!enabled() || request.method != "OPTIONS") return false;
  static_cast<void>(request.header("Access-Control-Request-Method", &requested));
  return requested;
}

HttpResponse CorsPolicy::preflight_response() {
  HttpResponse response;
  // corsheaders also sets Content-Length: 0; the server writes every answer's length itself.
  response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
  return response;
}

void CorsPolicy::apply(const HttpRequest& request, HttpResponse& response) const {
  if (!enabled()) return;
  add_to_vary(response, "Origin");
  // A repeated Origin is joined with ',' as Django sees it, and then matches no origin.
  std::string storage;
  const std::string_view origin = request.combined_header("Origin", storage);
  if (!allows(origin)) return;
  response.headers.emplace_back("Access-Control-Allow-Origin", std::string(origin));
  if (options_.allow_credentials) {
    response.headers.emplace_back("Access-Control-Allow-Credentials", "true");
  }
  if (!expose_headers_.empty()) {
    response.headers.emplace_back("Access-Control-Expose-Headers", expose_headers_);
  }
  if (request.method == "OPTIONS") {
    response.headers.emplace_back("Access-Control-Allow-Headers", allow_headers_);
    response.headers.emplace_back("Access-Control-Allow-Methods", allow_methods_);
    if (options_.max_age.count() > 0) {
      response.headers.emplace_back("Access-Control-Max-Age",
                                    std::to_string(options_.max_age.count()));
    }
  }
}

}  // namespace restjwt::detail
