// ObtainJSONWebToken: JSONWebTokenSerializer.validate — Django's authenticate() with the username
// field and password, then a token for the user. Throttled before any hashing.
#include <nlohmann/json.hpp>

#include "restjwt/credentials.hpp"
#include "restjwt/responses.hpp"
#include "views/background_writes.hpp"
#include "views/builtin_views.hpp"
#include "views/metadata.hpp"
#include "views/token_view.hpp"

namespace restjwt::detail {
namespace {

class ObtainView final : public TokenView {
 public:
  ObtainView(const TokenViewContext& context, const PasswordHashers& hashers,
             ObtainViewOptions options)
      : TokenView(context, metadata(username_field(context)),
                  {{username_field(context), true},
                   {"password", false}}),  // Django's login form does not trim passwords
        hashers_(hashers),
        throttle_(std::move(options.throttle)),
        allow_inactive_login_(options.allow_inactive_login),
        writes_(std::move(options.writes)),
        upgrade_in_background_(options.upgrade_in_background && writes_),
        update_last_login_(options.update_last_login && writes_) {}

 private:
  static const std::string& username_field(const TokenViewContext& context) {
    return context.checker->store().schema().username_field;
  }

  static std::string metadata(const std::string& username_field) {
    return view_metadata("Obtain Json Web Token",
                         "API View that receives a POST with a user's username and password.\n\n"
                         "Returns a JSON Web Token that can be used for authenticated requests.",
                         {username_field, "password"});
  }

  RequestCost post_cost() const override { return RequestCost::kPasswordHash; }

  HttpResponse post(const HttpRequest& request,
                    const std::vector<std::string>& fields) const override {
    const std::string& username = fields[0];
    const std::string& password = fields[1];
    Events& events = checker().events();
    // Throttled before any hashing: a flood of guesses costs us almost nothing.
    if (throttle_) {
      if (const auto wait = throttle_->check(throttle_->client_of(request), username)) {
        events.login(LoginOutcome::kThrottled);
        HttpResponse throttled = detail_response(429, throttled_message(*wait), kTokenRouteAllow);
        throttled.headers.emplace_back("Retry-After", std::to_string(*wait));
        return throttled;
      }
    }
    DeferredUpgradeWriter deferred;
    if (upgrade_in_background_) {
      deferred = [this](const UserId& id, std::string checked, std::string upgraded) {
        writes_->upgrade_password(id, std::move(checked), std::move(upgraded));
      };
    }
    auto result = authenticate_credentials(checker().store(), hashers_, username, password,
                                           allow_inactive_login_, events, deferred);
    if (!result) {
      events.login(LoginOutcome::kFailed);
      const ErrorCode code = store_fault(events, "find_by_username", result.error());
      return error_response(code, Surface::kTokenView, kTokenRouteAllow);
    }
    if (throttle_) throttle_->record(username, result->kind == CredentialsResult::Kind::kOk);
    switch (result->kind) {
      case CredentialsResult::Kind::kInvalid:
        events.login(LoginOutcome::kBadCredentials);
        return error_response(ErrorCode::kInvalidCredentials, Surface::kTokenView,
                              kTokenRouteAllow);
      case CredentialsResult::Kind::kInactive:
        events.login(LoginOutcome::kInactive);
        return error_response(ErrorCode::kUserDisabled, Surface::kTokenView, kTokenRouteAllow);
      case CredentialsResult::Kind::kOk:
        break;
    }
    const User& user = *result->user;
    const Claims payload = checker().hooks().payload(user, checker().settings(), checker().now());
    const auto token = checker().sign(payload, user);
    if (!token) {
      events.login(LoginOutcome::kFailed);
      return error_response(token.error(), Surface::kTokenView, kTokenRouteAllow);
    }
    events.login(LoginOutcome::kSuccess);
    if (update_last_login_) writes_->update_last_login(user.id);  // after the answer
    return token_response(*token, user, request);
  }

  const PasswordHashers& hashers_;
  std::shared_ptr<const LoginThrottle> throttle_;
  bool allow_inactive_login_;
  std::shared_ptr<BackgroundWrites> writes_;
  const bool upgrade_in_background_;
  const bool update_last_login_;
};

}  // namespace

std::shared_ptr<const View> make_obtain_view(const TokenViewContext& context,
                                             const PasswordHashers& hashers,
                                             ObtainViewOptions options) {
  return std::make_shared<ObtainView>(context, hashers, std::move(options));
}

}  // namespace restjwt::detail
