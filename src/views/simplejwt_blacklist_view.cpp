// simplejwt's TokenBlacklistView (logout): a valid refresh token is blacklisted — its outstanding
// row created if missing, as RefreshToken.blacklist() does — and the answer is 200 {}.
#include <nlohmann/json.hpp>

#include "views/metadata.hpp"
#include "views/simplejwt_view.hpp"

namespace restjwt::detail {
namespace {

class SimpleJwtBlacklistView final : public SimpleJwtView {
 public:
  SimpleJwtBlacklistView(const TokenViewContext& context, SimpleJwtContext simplejwt)
      : SimpleJwtView(context, std::move(simplejwt),
                      view_metadata("Token Blacklist",
                                    "Takes a token and blacklists it. Must be used with the\n"
                                    "`rest_framework_simplejwt.token_blacklist` app installed.",
                                    {"refresh"}),
                      {{"refresh", true}}) {}

 private:
  RequestCost post_cost() const override { return RequestCost::kDatabase; }

  HttpResponse post(const HttpRequest&, const std::vector<std::string>& fields) const override {
    const std::string& raw = fields[0];
    auto payload = tokens().decode(raw);
    if (!payload) return token_not_valid(payload.error());
    const auto jti = jti_of(*payload);
    if (!jti) return token_not_valid("Token has no id");
    auto standing = outstanding().standing(*jti);
    if (!standing) return store_failed("read a token's standing", standing.error());
    if (standing->blacklisted) return token_not_valid("Token is blacklisted");
    if (const auto refused = tokens().check(*payload, kRefreshType))
      return token_not_valid(*refused);
    auto blacklisted =
        outstanding().blacklist(SimpleJwtTokens::outstanding(raw, *payload, false), tokens().now());
    if (!blacklisted) return store_failed("blacklist a token", blacklisted.error());
    return ok(Claims::object());
  }
};

}  // namespace

std::shared_ptr<const View> make_simplejwt_blacklist_view(const TokenViewContext& context,
                                                          SimpleJwtContext simplejwt) {
  return std::make_shared<SimpleJwtBlacklistView>(context, std::move(simplejwt));
}

}  // namespace restjwt::detail
