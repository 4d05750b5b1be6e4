// The key ring's public documents: GET /.well-known/jwks.json (RFC 7517) and a minimal
// GET /.well-known/openid-configuration that points to it, for verifiers that discover keys.
#include <nlohmann/json.hpp>

#include "restjwt/key_ring.hpp"
#include "restjwt/responses.hpp"
#include "views/builtin_views.hpp"

namespace restjwt::detail {
namespace {

constexpr std::string_view kAllow = "GET, HEAD";

bool is_get(const HttpRequest& request) {
  return request.method == "GET" || request.method == "HEAD";
}

// Public documents, readable from any origin (as every public JWKS is).
HttpResponse document(std::string body, std::string cache_control) {
  HttpResponse response = json_response(200, std::move(body), kAllow);
  response.headers.emplace_back("Cache-Control", std::move(cache_control));
  response.headers.emplace_back("Access-Control-Allow-Origin", "*");
  return response;
}

std::string public_cache(std::chrono::seconds max_age) {
  return "public, max-age=" + std::to_string(max_age.count());
}

class JwksView final : public View {
 public:
  JwksView(std::shared_ptr<const KeyRing> ring, std::chrono::seconds max_age)
      : ring_(std::move(ring)), max_age_(max_age) {}

  std::string_view allow() const override { return kAllow; }
  RequestCost cost(const HttpRequest&) const override { return RequestCost::kInline; }
  HttpResponse handle(const HttpRequest& request) const override {
    if (!is_get(request)) return method_not_allowed(request.method, kAllow);
    return document(ring_->jwks(), public_cache(max_age_));
  }

 private:
  std::shared_ptr<const KeyRing> ring_;
  std::chrono::seconds max_age_;
};

// scheme://host of the request as the client addressed it: the Host header (checked to be a host
// and port) and https only when a proxy in front says so.
std::string request_origin(const HttpRequest& request) {
  std::string host(request.header("Host"));
  const bool plain = !host.empty() && host.find_first_not_of(
                                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789.-:[]") == std::string::npos;
  if (!plain) host = "localhost";
  const bool https = iequals(request.header("X-Forwarded-Proto"), "https");
  return (https ? "https://" : "http://") + host;
}

class OpenidConfigurationView final : public View {
 public:
  OpenidConfigurationView(std::shared_ptr<const KeyRing> ring, std::optional<std::string> issuer,
                          std::chrono::seconds max_age)
      : ring_(std::move(ring)), issuer_(std::move(issuer)), max_age_(max_age) {}

  std::string_view allow() const override { return kAllow; }
  RequestCost cost(const HttpRequest&) const override { return RequestCost::kInline; }
  HttpResponse handle(const HttpRequest& request) const override {
    if (!is_get(request)) return method_not_allowed(request.method, kAllow);
    const std::string origin = request_origin(request);
    const std::string issuer = issuer_.value_or(origin);
    // The key set lives under the issuer when the issuer is a URL (a proxy may mount restjwt
    // under a path), else under the origin the client used.
    std::string base =
        issuer.starts_with("https://") || issuer.starts_with("http://") ? issuer : origin;
    while (base.ends_with('/')) base.pop_back();
    nlohmann::ordered_json body;
    body["issuer"] = issuer;
    body["jwks_uri"] = base + "/.well-known/jwks.json";
    body["id_token_signing_alg_values_supported"] = ring_->algorithms();
    // Taken from the request without JWT_ISSUER: a shared cache must not keep one client's view.
    return document(render_json(body), issuer_ ? public_cache(max_age_) : "no-store");
  }

 private:
  std::shared_ptr<const KeyRing> ring_;
  std::optional<std::string> issuer_;
  std::chrono::seconds max_age_;
};

}  // namespace

std::shared_ptr<const View> make_jwks_view(std::shared_ptr<const KeyRing> ring,
                                           std::chrono::seconds max_age) {
  return std::make_shared<JwksView>(std::move(ring), max_age);
}

std::shared_ptr<const View> make_openid_configuration_view(std::shared_ptr<const KeyRing> ring,
                                                           std::optional<std::string> issuer,
                                                           std::chrono::seconds max_age) {
  return std::make_shared<OpenidConfigurationView>(std::move(ring), std::move(issuer), max_age);
}

}  // namespace restjwt::detail
