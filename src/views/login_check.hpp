// What every obtain view does before it signs anything: the login throttle (before any hashing),
// Django's authenticate() with the hash upgrade, the throttle's bookkeeping, and the login events
// of the refusals. drf-jwt's and simplejwt's obtain views then differ only in their answers.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "restjwt/credentials.hpp"
#include "restjwt/http.hpp"
#include "restjwt/token_checker.hpp"
#include "views/builtin_views.hpp"

namespace restjwt::detail {

struct LoginAttempt {
  // Set when the attempt is already answered: 429 (throttled), or the store's fault (503/500).
  std::optional<HttpResponse> answer;
  CredentialsResult::Kind kind = CredentialsResult::Kind::kInvalid;
  std::optional<User> user;  // kOk and kInactive
};

class LoginCheck {
 public:
  // `hashers` must outlive the check.
  LoginCheck(const TokenChecker& checker, const PasswordHashers& hashers,
             ObtainViewOptions options);

  // Reports kThrottled, kFailed, kBadCredentials and kInactive to Events::login; the caller
  // reports the success once its token is signed.
  [[nodiscard]] LoginAttempt attempt(const HttpRequest& request, const std::string& username,
                                     const std::string& password) const;
  // simplejwt's UPDATE_LAST_LOGIN after a successful login, when configured: after the answer.
  void after_success(const User& user) const;

 private:
  const TokenChecker& checker_;
  const PasswordHashers& hashers_;
  std::shared_ptr<const LoginThrottle> throttle_;
  bool allow_inactive_login_;
  std::shared_ptr<BackgroundWrites> writes_;
  bool upgrade_in_background_;
  bool update_last_login_;
};

}  // namespace restjwt::detail
