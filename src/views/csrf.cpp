#include "views/csrf.hpp"

#include <algorithm>

#include <openssl/crypto.h>

#include "views/cookies.hpp"
#include "views/cors.hpp"

namespace restjwt::detail {
namespace {

constexpr std::string_view kCsrfChars =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::size_t kSecretLength = 32;

// Django's token: a 32-character secret, or 64 characters where the first half masks the second
// (each secret character shifted by the mask's), as Django 3.2 sets the cookie and the form field.
std::optional<std::string> csrf_secret(std::string_view token) {
  for (const char c : token) {
    if (kCsrfChars.find(c) == std::string_view::npos) return std::nullopt;
  }
  if (token.size() == kSecretLength) return std::string(token);
  if (token.size() != 2 * kSecretLength) return std::nullopt;
  std::string secret;
  const auto n = static_cast<long>(kCsrfChars.size());
  for (std::size_t i = 0; i < kSecretLength; ++i) {
    const long mask = static_cast<long>(kCsrfChars.find(token[i]));
    const long cipher = static_cast<long>(kCsrfChars.find(token[kSecretLength + i]));
    secret += kCsrfChars[static_cast<std::size_t>(((cipher - mask) % n + n) % n)];
  }
  return secret;
}

// "https://app.example.com:8443/path" → "https://app.example.com:8443".
std::string origin_of_url(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  const auto path = url.find('/', scheme_end + 3);
  return std::string(url.substr(0, path));
}

bool trusted(std::string_view origin, const std::vector<std::string>& trusted_origins) {
  return !origin.empty() &&
         std::find(trusted_origins.begin(), trusted_origins.end(), origin) != trusted_origins.end();
}

// The request's own origin, whatever the scheme (TLS may end at a proxy): "http(s)://<Host>".
bool is_own_origin(const HttpRequest& request, std::string_view origin) {
  const auto scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return false;
  const std::string_view scheme = origin.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  bool has_host = false;
  const std::string_view host = request.header("Host", &has_host);
  return has_host && !host.empty() && iequals(origin.substr(scheme_end + 3), host);
}

}  // namespace

bool is_unsafe_method(std::string_view method) {
  for (const std::string_view safe : {"GET", "HEAD", "OPTIONS", "TRACE"}) {
    if (iequals(method, safe)) return false;
  }
  return true;
}

std::optional<std::string> csrf_failure(const HttpRequest& request,
                                        const std::vector<std::string>& trusted_origins) {
  bool has_origin = false;
  // Repeated headers are joined as Django sees them (a doubled Origin or token then fails).
  std::string origin_storage, referer_storage, cookie_storage, token_storage;
  const std::string_view origin = request.combined_header("Origin", origin_storage, &has_origin);
  if (has_origin && trusted(origin, trusted_origins)) return std::nullopt;
  if (!has_origin &&
      trusted(origin_of_url(request.combined_header("Referer", referer_storage)), trusted_origins))
    return std::nullopt;

  const auto cookie = find_cookie(request.combined_header("Cookie", cookie_storage), "csrftoken");
  const auto cookie_secret = cookie ? csrf_secret(*cookie) : std::nullopt;
  const auto header_secret = csrf_secret(request.combined_header("X-CSRFToken", token_storage));
  if (cookie_secret && header_secret &&
      CRYPTO_memcmp(cookie_secret->data(), header_secret->data(), kSecretLength) == 0) {
    return std::nullopt;
  }
  if (has_origin)
    return "Origin checking failed - " + std::string(origin) +
           " does not match any trusted origins.";
  if (!cookie_secret) return std::string("CSRF cookie not set.");
  return std::string("CSRF token missing or incorrect.");
}

std::optional<std::string> cookie_origin_failure(const HttpRequest& request,
                                                 const CookieOrigins& origins) {
  bool has_origin = false;
  bool has_referer = false;
  std::string origin_storage, referer_storage;
  const std::string_view origin = request.combined_header("Origin", origin_storage, &has_origin);
  const std::string_view referer =
      request.combined_header("Referer", referer_storage, &has_referer);
  if (!has_origin && !has_referer) return std::nullopt;
  const std::string page = has_origin ? std::string(origin) : origin_of_url(referer);
  if (is_own_origin(request, page) || trusted(page, origins.trusted) ||
      (origins.cors && origins.cors->allows(page))) {
    return std::nullopt;
  }
  if (has_origin) {
    return "Origin checking failed - " + page + " does not match any trusted origins.";
  }
  return "Referer checking failed - " + std::string(referer) +
         " does not match any trusted origins.";
}

}  // namespace restjwt::detail
