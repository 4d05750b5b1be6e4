// simplejwt's TokenObtainPairView: Django's authenticate() (throttled like drf-jwt's obtain), then
// RefreshToken.for_user — recorded as outstanding, the first of its family — and its access
// token: 200 {"refresh": …, "access": …}.
#include <nlohmann/json.hpp>

#include "views/login_check.hpp"
#include "views/metadata.hpp"
#include "views/simplejwt_view.hpp"

namespace restjwt::detail {
namespace {

class SimpleJwtObtainView final : public SimpleJwtView {
 public:
  SimpleJwtObtainView(const TokenViewContext& context, SimpleJwtContext simplejwt,
                      const PasswordHashers& hashers, ObtainViewOptions options)
      : SimpleJwtView(context, std::move(simplejwt),
                      view_metadata("Token Obtain Pair",
                                    "Takes a set of user credentials and returns an access and "
                                    "refresh JSON web\ntoken pair to prove the authentication of "
                                    "those credentials.",
                                    {username_field(context), "password"}),
                      // simplejwt's PasswordField is a CharField: it trims, unlike Django's form.
                      {{username_field(context), true}, {"password", true}}),
        login_(*context.checker, hashers, std::move(options)) {}

 private:
  static const std::string& username_field(const TokenViewContext& context) {
    return context.checker->store().schema().username_field;
  }

  RequestCost post_cost() const override { return RequestCost::kPasswordHash; }

  HttpResponse post(const HttpRequest& request,
                    const std::vector<std::string>& fields) const override {
    LoginAttempt attempt = login_.attempt(request, fields[0], fields[1]);
    if (attempt.answer) return std::move(*attempt.answer);
    Events& events = checker().events();
    // USER_AUTHENTICATION_RULE: an active user, whatever the authentication backend allows.
    if (attempt.kind != CredentialsResult::Kind::kOk || !attempt.user->is_active) {
      return unauthorized(R"({"detail":"No active account found with the given credentials"})");
    }
    const User& user = *attempt.user;
    auto refresh = tokens().refresh_for(user);
    auto access = refresh ? tokens().access_from(refresh->payload) : refresh;
    if (!access) {
      events.login(LoginOutcome::kFailed);
      return error_response(access.error(), Surface::kTokenView, kTokenRouteAllow);
    }
    // OutstandingToken.objects.create(…) in for_user: without the row no rotation or logout
    // could find the family, so no row, no token.
    const std::string& jti = refresh->payload["jti"].get_ref<const std::string&>();
    if (auto recorded = outstanding().record(
            SimpleJwtTokens::outstanding(refresh->token, refresh->payload, true), jti);
        !recorded) {
      events.login(LoginOutcome::kFailed);
      return store_failed("record a refresh token", recorded.error());
    }
    events.login(LoginOutcome::kSuccess);
    login_.after_success(user);
    Claims body;
    body["refresh"] = refresh->token;
    body["access"] = access->token;
    return ok(body);
  }

  LoginCheck login_;
};

}  // namespace

std::shared_ptr<const View> make_simplejwt_obtain_view(const TokenViewContext& context,
                                                       SimpleJwtContext simplejwt,
                                                       const PasswordHashers& hashers,
                                                       ObtainViewOptions options) {
  return std::make_shared<SimpleJwtObtainView>(context, std::move(simplejwt), hashers,
                                               std::move(options));
}

}  // namespace restjwt::detail
