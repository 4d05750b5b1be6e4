// ObtainJSONWebToken: JSONWebTokenSerializer.validate — Django's authenticate() with the username
// field and password, then a token for the user. Throttled before any hashing.
#include <nlohmann/json.hpp>

#include "restjwt/credentials.hpp"
#include "restjwt/responses.hpp"
#include "views/builtin_views.hpp"
#include "views/login_check.hpp"
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
        login_(*context.checker, hashers, std::move(options)) {}

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
    LoginAttempt attempt = login_.attempt(request, fields[0], fields[1]);
    if (attempt.answer) return std::move(*attempt.answer);
    switch (attempt.kind) {
      case CredentialsResult::Kind::kInvalid:
        return error_response(ErrorCode::kInvalidCredentials, Surface::kTokenView,
                              kTokenRouteAllow);
      case CredentialsResult::Kind::kInactive:
        return error_response(ErrorCode::kUserDisabled, Surface::kTokenView, kTokenRouteAllow);
      case CredentialsResult::Kind::kOk:
        break;
    }
    Events& events = checker().events();
    const User& user = *attempt.user;
    const Claims payload = checker().hooks().payload(user, checker().settings(), checker().now());
    const auto token = checker().sign(payload, user);
    if (!token) {
      events.login(LoginOutcome::kFailed);
      return error_response(token.error(), Surface::kTokenView, kTokenRouteAllow);
    }
    events.login(LoginOutcome::kSuccess);
    login_.after_success(user);  // after the answer
    return token_response(*token, user, request);
  }

  LoginCheck login_;
};

}  // namespace

std::shared_ptr<const View> make_obtain_view(const TokenViewContext& context,
                                             const PasswordHashers& hashers,
                                             ObtainViewOptions options) {
  return std::make_shared<ObtainView>(context, hashers, std::move(options));
}

}  // namespace restjwt::detail
