// RefreshJSONWebToken: RefreshJSONWebTokenSerializer — the token's checks, then orig_iat within
// JWT_REFRESH_EXPIRATION_DELTA, then a new token from the current user record.
#include <cmath>

#include <nlohmann/json.hpp>

#include "restjwt/responses.hpp"
#include "views/builtin_views.hpp"
#include "views/metadata.hpp"
#include "views/token_view.hpp"

namespace restjwt::detail {
namespace {

// Python truthiness of orig_iat: 0, 0.0, null, "", false, [] and {} are "missing".
bool is_falsy(const Claims& value) {
  if (value.is_null()) return true;
  if (value.is_boolean()) return !value.get<bool>();
  if (value.is_number()) return value.get<double>() == 0.0;
  if (value.is_string()) return value.get_ref<const std::string&>().empty();
  if (value.is_array() || value.is_object()) return value.empty();
  return false;
}

// The chain a token belongs to: its orig_jti, or its own jti when it is the chain's first.
std::optional<std::string> chain_id(const Claims& payload) {
  for (const char* claim : {"orig_jti", "jti"}) {
    const auto it = payload.find(claim);
    if (it != payload.end() && it->is_string()) return it->get<std::string>();
  }
  return std::nullopt;
}

class RefreshView final : public TokenView {
 public:
  explicit RefreshView(TokenViewContext context)
      : TokenView(std::move(context),
                  view_metadata(
                      "Refresh Json Web Token",
                      "API View that returns a refreshed token (with new expiration) based on\n"
                      "existing token\n\nIf 'orig_iat' field (original issued-at-time) is found, "
                      "will first check\nif it's within expiration window, then copy it to the new "
                      "token",
                      {"token"}),
                  {{"token", true}}) {}

 private:
  RequestCost post_cost() const override { return user_read_cost(); }

  // The orig_iat rules; nullopt when the token may be refreshed.
  std::optional<ErrorCode> refusal(const Claims& payload) const {
    const auto orig_iat = payload.find("orig_iat");
    if (orig_iat == payload.end() || is_falsy(*orig_iat)) return ErrorCode::kOrigIatMissing;
    // drf-jwt did `orig_iat + refresh_limit`: a string or bool there was a 500.
    if (!orig_iat->is_number() || !std::isfinite(orig_iat->get<double>())) {
      return ErrorCode::kOrigIatInvalid;
    }
    const Settings& settings = checker().settings();
    const double issued = orig_iat->get<double>();
    const auto now = static_cast<double>(checker().now());
    // drf-jwt accepted any future orig_iat, which made a token refreshable forever.
    if (issued > now + static_cast<double>(settings.leeway.count())) {
      return ErrorCode::kOrigIatInFuture;
    }
    if (now > issued + static_cast<double>(settings.refresh_expiration_delta.count())) {
      return ErrorCode::kRefreshExpired;
    }
    return std::nullopt;
  }

  HttpResponse post(const HttpRequest& request,
                    const std::vector<std::string>& fields) const override {
    Claims old_payload;
    auto user = checker().check(fields[0], &old_payload);
    if (!user) return refused(user.error());
    if (const auto code = refusal(old_payload)) return refused(*code);
    // A new payload from the current user record, with orig_iat copied unchanged (in place when
    // JWT_ALLOW_REFRESH put one there, appended otherwise).
    Claims payload = checker().hooks().payload(*user, checker().settings(), checker().now());
    payload["orig_iat"] = std::move(old_payload["orig_iat"]);
    // The chain keeps the id of its first token, so that revoking any token of it revokes all.
    if (checker().settings().token_id != TokenId::kOff) {
      if (auto chain = chain_id(old_payload)) payload["orig_jti"] = std::move(*chain);
    }
    const auto token = checker().sign(payload, *user);
    if (!token) return error_response(token.error(), Surface::kTokenView, kTokenRouteAllow);
    return token_response(*token, *user, request);
  }
};

}  // namespace

std::shared_ptr<const View> make_refresh_view(TokenViewContext context) {
  return std::make_shared<RefreshView>(std::move(context));
}

}  // namespace restjwt::detail
