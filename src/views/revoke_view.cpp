// The logout route (docs/sessions.md): the token's checks, as verify makes them, then its id and
// its refresh chain's revoked. Served only when JWT_TOKEN_ID is on.
#include <nlohmann/json.hpp>

#include "restjwt/responses.hpp"
#include "views/builtin_views.hpp"
#include "views/metadata.hpp"
#include "views/token_view.hpp"

namespace restjwt::detail {
namespace {

// A token that can no longer be used: logging it out again succeeds and changes nothing.
bool already_unusable(ErrorCode code) {
  return code == ErrorCode::kSignatureExpired || code == ErrorCode::kTokenRevoked ||
         code == ErrorCode::kTokenIssuedBeforeCutoff;
}

class RevokeView final : public TokenView {
 public:
  explicit RevokeView(TokenViewContext context)
      : TokenView(std::move(context),
                  view_metadata("Revoke Json Web Token",
                                "API View that revokes a token and the tokens refreshed from the "
                                "same\nlogin, so that none of them is accepted again.",
                                {"token"}),
                  {{"token", true}}) {}

 private:
  // A write, which may wait for another writer of the database: never on an I/O thread, also
  // with SQLite (whose reads alone may run there).
  RequestCost post_cost() const override { return RequestCost::kDatabase; }

  HttpResponse post(const HttpRequest&, const std::vector<std::string>& fields) const override {
    Claims payload;
    auto checked = checker().check(fields[0], &payload);
    if (!checked) return already_unusable(checked.error()) ? revoked() : refused(checked.error());
    auto done = checker().revocations()->revoke(payload);
    if (!done) return refused(done.error());
    return revoked();
  }

  // simplejwt's blacklist view answers the same: 200 and an empty object.
  static HttpResponse revoked() {
    HttpResponse response = json_response(200, "{}", kTokenRouteAllow);
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  }
};

}  // namespace

std::shared_ptr<const View> make_revoke_view(TokenViewContext context) {
  return std::make_shared<RevokeView>(std::move(context));
}

}  // namespace restjwt::detail
