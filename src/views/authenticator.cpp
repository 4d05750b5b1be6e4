// JSONWebTokenAuthentication (drf-jwt 1.11): the Authorization header, else the cookie.
#include "restjwt/authenticator.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "restjwt/responses.hpp"
#include "views/cookies.hpp"
#include "views/csrf.hpp"

namespace restjwt {
namespace {

// bytes.split(): runs of ASCII whitespace, as get_authorization_header(request).split().
std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  const auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  };
  while (i < text.size()) {
    while (i < text.size() && space(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !space(text[i])) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

AuthenticationResult failed(AuthenticationResult& result, ErrorCode code, Events& events) {
  result.kind = AuthenticationResult::Kind::kFailed;
  result.error = code;
  // A 5xx is the server's fault, already reported with its cause; not a refused token.
  if (to_public(code, Surface::kAuthentication).status < 500) {
    events.token_refused(code, Surface::kAuthentication);
  }
  return result;
}

}  // namespace

JwtAuthenticator::JwtAuthenticator(std::shared_ptr<const TokenChecker> checker,
                                   std::vector<std::string> csrf_trusted_origins,
                                   std::shared_ptr<const AuthenticationScheme> next_scheme)
    : checker_(std::move(checker)),
      csrf_trusted_origins_(std::move(csrf_trusted_origins)),
      next_scheme_(std::move(next_scheme)) {}

AuthenticationResult JwtAuthenticator::authenticate(const HttpRequest& request) const {
  const Settings& settings = checker_->settings();
  AuthenticationResult result;
  // A repeated header is joined as WSGI joins it (then more than one word follows the prefix):
  // never one of two credentials chosen silently, where a proxy might have chosen the other.
  std::string storage;
  const auto words = split_words(request.combined_header("Authorization", storage));
  if (words.empty()) {
    // No header: the cookie, when configured (an empty cookie value is still a token).
    if (!settings.auth_cookie) return result;
    std::string cookie_storage;
    const auto cookie = detail::find_cookie(request.combined_header("Cookie", cookie_storage),
                                            *settings.auth_cookie);
    if (!cookie) return result;
    result.from_cookie = true;
    return check(*cookie, result);
  }
  const auto& prefixes = settings.auth_header_prefixes;
  if (std::none_of(prefixes.begin(), prefixes.end(),
                   [&](const std::string& prefix) { return iequals(words.front(), prefix); })) {
    // simplejwt's Bearer access tokens, when [simplejwt] is on: the next authentication class.
    if (next_scheme_ && next_scheme_->is_scheme(words.front())) {
      return next_scheme_->authenticate(words);
    }
    return result;  // another scheme (Basic, Bearer, …): not ours, and the cookie is not read
  }
  Events& events = checker_->events();
  if (words.size() == 1) return failed(result, ErrorCode::kAuthHeaderNoCredentials, events);
  if (words.size() > 2) return failed(result, ErrorCode::kAuthHeaderHasSpaces, events);
  return check(std::string(words[1]), result);
}

AuthenticationResult JwtAuthenticator::check(const std::string& token,
                                             AuthenticationResult& result) const {
  auto checked = checker_->check_authentication(token);
  if (!checked) return failed(result, checked.error(), checker_->events());
  result.kind = AuthenticationResult::Kind::kAuthenticated;
  result.user = std::move(*checked);
  return result;
}

HttpResponse JwtAuthenticator::challenge(const AuthenticationResult& result,
                                         std::string_view allow) const {
  const ErrorCode code = result.kind == AuthenticationResult::Kind::kAnonymous
                             ? ErrorCode::kNotAuthenticated
                             : result.error;
  HttpResponse response = result.refusal.empty()
                              ? error_response(code, Surface::kAuthentication, allow)
                              : json_response(401, result.refusal, allow);
  if (response.status == 401) {
    // DRF's authenticate_header(), right after Content-Type as DRF's response carries it.
    response.headers.emplace(response.headers.begin() + 1, "WWW-Authenticate",
                             checker_->settings().auth_header_prefixes.front() + " realm=\"api\"");
  }
  return response;
}

std::optional<std::string> JwtAuthenticator::csrf_failure(
    const HttpRequest& request, const AuthenticationResult& result) const {
  if (!result.from_cookie || !detail::is_unsafe_method(request.method)) return std::nullopt;
  return detail::csrf_failure(request, csrf_trusted_origins_);
}

}  // namespace restjwt
