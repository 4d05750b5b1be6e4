// simplejwt's TokenVerifyView: UntypedToken(token) — signature, exp, jti, any token_type — then
// the blacklist: 400 {"non_field_errors":["Token is blacklisted"]}. simplejwt consults the
// blacklist only with BLACKLIST_AFTER_ROTATION; restjwt always does, so that a revoked token
// never verifies (docs/sessions.md).
#include <nlohmann/json.hpp>

#include "restjwt/responses.hpp"
#include "views/metadata.hpp"
#include "views/simplejwt_view.hpp"

namespace restjwt::detail {
namespace {

class SimpleJwtVerifyView final : public SimpleJwtView {
 public:
  SimpleJwtVerifyView(const TokenViewContext& context, SimpleJwtContext simplejwt)
      : SimpleJwtView(context, std::move(simplejwt),
                      view_metadata("Token Verify",
                                    "Takes a token and indicates if it is valid.  This view "
                                    "provides no\ninformation about a token's fitness for a "
                                    "particular use.",
                                    {"token"}),
                      {{"token", true}}) {}

 private:
  RequestCost post_cost() const override { return RequestCost::kDatabase; }

  HttpResponse post(const HttpRequest&, const std::vector<std::string>& fields) const override {
    auto payload = tokens().decode(fields[0]);
    if (!payload) return token_not_valid(payload.error());
    if (const auto refused = tokens().check(*payload, "")) return token_not_valid(*refused);
    auto standing = outstanding().standing(*jti_of(*payload));
    if (!standing) return store_failed("read a token's standing", standing.error());
    if (standing->blacklisted) return non_field_error("Token is blacklisted", kTokenRouteAllow);
    return ok(Claims::object());
  }
};

}  // namespace

std::shared_ptr<const View> make_simplejwt_verify_view(const TokenViewContext& context,
                                                       SimpleJwtContext simplejwt) {
  return std::make_shared<SimpleJwtVerifyView>(context, std::move(simplejwt));
}

}  // namespace restjwt::detail
