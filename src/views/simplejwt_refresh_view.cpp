// simplejwt's TokenRefreshView: a refresh token (not blacklisted) → a new access token, and with
// ROTATE_REFRESH_TOKENS a new refresh token too. Beyond simplejwt (docs/sessions.md):
//   - the new refresh token is recorded as outstanding in the family of the one it replaces, and
//     with BLACKLIST_AFTER_ROTATION the old one is blacklisted in the same transaction; when the
//     store cannot be written the answer is 503, never an unrecorded token;
//   - a rotated refresh token presented again within `reuse_grace` of its rotation (a client's
//     concurrent refreshes) gets a new pair in the same family; after it, its whole family is
//     blacklisted and the answer is simplejwt's "Token is blacklisted".
#include <nlohmann/json.hpp>

#include "views/metadata.hpp"
#include "views/simplejwt_view.hpp"

namespace restjwt::detail {
namespace {

class SimpleJwtRefreshView final : public SimpleJwtView {
 public:
  SimpleJwtRefreshView(const TokenViewContext& context, SimpleJwtContext simplejwt)
      : SimpleJwtView(context, std::move(simplejwt),
                      view_metadata("Token Refresh",
                                    "Takes a refresh type JSON web token and returns an access "
                                    "type JSON web\ntoken if the refresh token is valid.",
                                    {"refresh"}, {"access"}),
                      {{"refresh", true}}) {}

 private:
  RequestCost post_cost() const override { return RequestCost::kDatabase; }

  HttpResponse post(const HttpRequest&, const std::vector<std::string>& fields) const override {
    const std::string& raw = fields[0];
    auto token = presented(raw);
    if (!token) return std::move(token).error();
    const Claims& payload = token->payload;
    const TokenStanding& standing = token->standing;
    // BlacklistMixin.verify: the blacklist first, then Token.verify's checks.
    if (standing.blacklisted) return reused(payload, standing);
    if (const auto refused = tokens().check(payload, kRefreshType))
      return token_not_valid(*refused);
    if (!simplejwt().rotate) return pair(payload, nullptr);
    auto next = tokens().rotated(payload);
    if (!next) return error_response(next.error(), Surface::kTokenView, kTokenRouteAllow);
    const OutstandingToken next_row =
        SimpleJwtTokens::outstanding(next->token, next->payload, true);
    if (!simplejwt().blacklist_after_rotation) {
      auto recorded = outstanding().record(next_row, standing.family);
      if (!recorded) return store_failed("record a refresh token", recorded.error());
      return pair(payload, &*next);
    }
    auto rotated = outstanding().rotate(SimpleJwtTokens::outstanding(raw, payload, false), next_row,
                                        standing.family, tokens().now());
    if (!rotated) return store_failed("rotate a refresh token", rotated.error());
    if (*rotated) return pair(payload, &*next);
    // A concurrent request blacklisted it between our read and our write: judge it as reused.
    auto now_standing = outstanding().standing(token->jti);
    if (!now_standing) return store_failed("read a token's standing", now_standing.error());
    return reused(payload, *now_standing);
  }

  // A blacklisted refresh token: within the grace window of restjwt's own rotation, a new pair in
  // its family; after it, the family is revoked. A logout's blacklisting has no grace.
  HttpResponse reused(const Claims& payload, const TokenStanding& standing) const {
    if (!simplejwt().blacklist_after_rotation || !standing.rotated_at) {
      return token_not_valid("Token is blacklisted");
    }
    if (const auto refused = tokens().check(payload, kRefreshType))
      return token_not_valid(*refused);
    if (tokens().now() - *standing.rotated_at <= simplejwt().reuse_grace.count()) {
      auto next = tokens().rotated(payload);
      if (!next) return error_response(next.error(), Surface::kTokenView, kTokenRouteAllow);
      auto recorded = outstanding().record(
          SimpleJwtTokens::outstanding(next->token, next->payload, true), standing.family);
      if (!recorded) return store_failed("record a refresh token", recorded.error());
      return pair(payload, &*next);
    }
    // RFC 9700 §4.14.2: a rotated token used again means two holders; end the whole family.
    auto revoked = outstanding().revoke_family(standing.family, tokens().now());
    if (!revoked) return store_failed("revoke a token family", revoked.error());
    checker().events().refresh_token_reused(*revoked);
    return token_not_valid("Token is blacklisted");
  }

  // {"access": …} from `refresh`'s claims, and {"refresh": …} when rotated.
  HttpResponse pair(const Claims& refresh, const SignedToken* next) const {
    auto access = tokens().access_from(refresh);
    if (!access) return error_response(access.error(), Surface::kTokenView, kTokenRouteAllow);
    Claims body;
    body["access"] = access->token;
    if (next != nullptr) body["refresh"] = next->token;
    return ok(body);
  }
};

}  // namespace

std::shared_ptr<const View> make_simplejwt_refresh_view(const TokenViewContext& context,
                                                        SimpleJwtContext simplejwt) {
  return std::make_shared<SimpleJwtRefreshView>(context, std::move(simplejwt));
}

}  // namespace restjwt::detail
