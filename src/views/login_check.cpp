#include "views/login_check.hpp"

#include "restjwt/responses.hpp"
#include "views/background_writes.hpp"
#include "views/token_view.hpp"

namespace restjwt::detail {

LoginCheck::LoginCheck(const TokenChecker& checker, const PasswordHashers& hashers,
                       ObtainViewOptions options)
    : checker_(checker),
      hashers_(hashers),
      throttle_(std::move(options.throttle)),
      allow_inactive_login_(options.allow_inactive_login),
      writes_(std::move(options.writes)),
      upgrade_in_background_(options.upgrade_in_background && writes_),
      update_last_login_(options.update_last_login && writes_) {}

LoginAttempt LoginCheck::attempt(const HttpRequest& request, const std::string& username,
                                 const std::string& password) const {
  Events& events = checker_.events();
  LoginAttempt attempt;
  // Throttled before any hashing: a flood of guesses costs us almost nothing.
  if (throttle_) {
    if (const auto wait = throttle_->check(throttle_->client_of(request), username)) {
      events.login(LoginOutcome::kThrottled);
      HttpResponse throttled = detail_response(429, throttled_message(*wait), kTokenRouteAllow);
      throttled.headers.emplace_back("Retry-After", std::to_string(*wait));
      attempt.answer = std::move(throttled);
      return attempt;
    }
  }
  DeferredUpgradeWriter deferred;
  if (upgrade_in_background_) {
    deferred = [this](const UserId& id, std::string checked, std::string upgraded) {
      writes_->upgrade_password(id, std::move(checked), std::move(upgraded));
    };
  }
  auto result = authenticate_credentials(checker_.store(), hashers_, username, password,
                                         allow_inactive_login_, events, deferred);
  if (!result) {
    events.login(LoginOutcome::kFailed);
    const ErrorCode code = store_fault(events, "find_by_username", result.error());
    attempt.answer = error_response(code, Surface::kTokenView, kTokenRouteAllow);
    return attempt;
  }
  if (throttle_) throttle_->record(username, result->kind == CredentialsResult::Kind::kOk);
  attempt.kind = result->kind;
  attempt.user = std::move(result->user);
  switch (attempt.kind) {
    case CredentialsResult::Kind::kInvalid:
      events.login(LoginOutcome::kBadCredentials);
      break;
    case CredentialsResult::Kind::kInactive:
      events.login(LoginOutcome::kInactive);
      break;
    case CredentialsResult::Kind::kOk:
      break;
  }
  return attempt;
}

void LoginCheck::after_success(const User& user) const {
  if (update_last_login_) writes_->update_last_login(user.id);
}

}  // namespace restjwt::detail
