// JSONWebTokenAuthentication (drf-jwt 1.11): the Authorization header, else the cookie.
#include "restjwt/authenticator.hpp"

#include <vector>

#include "views/cookies.hpp"
#include "views/responses.hpp"
#include "views/token_checker.hpp"

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

class JwtAuthenticatorImpl final : public JwtAuthenticator {
 public:
  JwtAuthenticatorImpl(Settings settings, std::optional<Key> key, UserStore& store, Hooks hooks,
                       Clock clock)
      : settings_(std::move(settings)),
        hooks_(std::move(hooks)),
        checker_(settings_, std::move(key), store, hooks_, std::move(clock)) {}

  AuthenticationResult authenticate(const HttpRequest& request) const override {
    AuthenticationResult result;
    // A repeated header is joined as WSGI joins it (then more than one word follows the prefix):
    // never one of two credentials chosen silently, where a proxy might have chosen the other.
    std::string storage, cookie_storage;
    const std::string_view authorization = request.combined_header("Authorization", storage);
    const auto words = split_words(authorization);
    std::string_view token;
    if (words.empty()) {
      // No header: the cookie, when configured (an empty cookie value is still a token).
      if (!settings_.auth_cookie) return result;
      const auto cookie = detail::find_cookie(request.combined_header("Cookie", cookie_storage),
                                              *settings_.auth_cookie);
      if (!cookie) return result;
      result.from_cookie = true;
      return check(*cookie, result);
    }
    if (!iequals(words.front(), settings_.auth_header_prefix)) {
      return result;  // another scheme (Basic, Bearer, …): not ours, and the cookie is not read
    }
    if (words.size() == 1) return fail(result, ErrorCode::kAuthHeaderNoCredentials);
    if (words.size() > 2) return fail(result, ErrorCode::kAuthHeaderHasSpaces);
    token = words[1];
    return check(std::string(token), result);
  }

  HttpResponse challenge(const AuthenticationResult& result,
                         std::string_view allow) const override {
    const ErrorCode code = result.kind == AuthenticationResult::Kind::kAnonymous
                               ? ErrorCode::kNotAuthenticated
                               : result.error;
    const auto text = to_public(code, Surface::kAuthentication);
    if (code == ErrorCode::kServiceUnavailable) return detail::detail_response(503, text, allow);
    if (code == ErrorCode::kInternal) return detail::detail_response(500, text, allow);
    HttpResponse response = detail::detail_response(401, text, allow);
    response.headers.emplace(response.headers.begin() + 1, "WWW-Authenticate",
                             settings_.auth_header_prefix + " realm=\"api\"");
    return response;
  }

 private:
  static AuthenticationResult fail(AuthenticationResult& result, ErrorCode code) {
    result.kind = AuthenticationResult::Kind::kFailed;
    result.error = code;
    return result;
  }

  AuthenticationResult check(const std::string& token, AuthenticationResult& result) const {
    auto checked = checker_.check(token);
    if (!checked) return fail(result, checked.error());
    result.kind = AuthenticationResult::Kind::kAuthenticated;
    result.user = std::move(checked->user);
    return result;
  }

  Settings settings_;
  Hooks hooks_;
  detail::TokenChecker checker_;
};

}  // namespace

Expected<std::unique_ptr<JwtAuthenticator>, std::string> JwtAuthenticator::create(
    const Settings& settings, UserStore& store, Hooks hooks, Clock clock) {
  auto keys = make_keys(settings);
  if (!keys) return unexpected(keys.error());
  std::optional<Key> verification = keys->verification;
  if (hooks.user_secret && is_hmac(settings.algorithm))
    verification.reset();  // per-user secret wins
  if (!verification && !hooks.user_secret) {
    return unexpected(std::string("no key to verify tokens with"));
  }
  return std::unique_ptr<JwtAuthenticator>(std::make_unique<JwtAuthenticatorImpl>(
      settings, std::move(verification), store, std::move(hooks), std::move(clock)));
}

}  // namespace restjwt
