// simplejwt's TokenViewBase: what its four views share — the token classes, the token_blacklist
// store, and its answers: a TokenError is 401 {"detail": <message>, "code": "token_not_valid"}
// with `WWW-Authenticate: Bearer realm="api"`, success is 200 with the serializer's data.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "restjwt/outstanding_tokens.hpp"
#include "restjwt/responses.hpp"
#include "views/builtin_views.hpp"
#include "views/simplejwt_tokens.hpp"
#include "views/token_view.hpp"

namespace restjwt::detail {

struct SimpleJwtContext {
  std::shared_ptr<const SimpleJwtTokens> tokens;
  std::shared_ptr<OutstandingTokenStore> outstanding;
  std::string www_authenticate;  // AUTH_HEADER_TYPES[0] realm="api"
  bool rotate = false;
  bool blacklist_after_rotation = false;
  std::chrono::seconds reuse_grace{5};
};

class SimpleJwtView : public TokenView {
 protected:
  SimpleJwtView(const TokenViewContext& context, SimpleJwtContext simplejwt, std::string metadata,
                std::vector<FieldSpec> fields)
      : TokenView(context, std::move(metadata), std::move(fields)),
        simplejwt_(std::move(simplejwt)) {}

  // 401 with `body`, and the WWW-Authenticate of simplejwt's views.
  HttpResponse unauthorized(std::string body) const;
  // A TokenError: 401 {"detail": message, "code": "token_not_valid"}.
  HttpResponse token_not_valid(std::string_view message) const;
  // The token_blacklist store failed: reported, then 503 (unreachable) or 500 — never a token.
  HttpResponse store_failed(std::string_view operation, const StoreError& error) const;
  // A presented token decoded (signature, PyJWT's claims), with its jti's standing in the store:
  // what BlacklistMixin.verify starts with. Else the answer: not valid, no id, or the store's
  // fault.
  struct Presented {
    Claims payload;
    std::string jti;
    TokenStanding standing;
  };
  Expected<Presented, HttpResponse> presented(std::string_view token) const;
  // 200 with `body`, never cached (it holds tokens).
  HttpResponse ok(const Claims& body) const;

  const SimpleJwtTokens& tokens() const { return *simplejwt_.tokens; }
  OutstandingTokenStore& outstanding() const { return *simplejwt_.outstanding; }
  const SimpleJwtContext& simplejwt() const { return simplejwt_; }

 private:
  SimpleJwtContext simplejwt_;
};

// simplejwt's views. The obtain view authenticates as drf-jwt's does (ObtainViewOptions).
std::shared_ptr<const View> make_simplejwt_obtain_view(const TokenViewContext& context,
                                                       SimpleJwtContext simplejwt,
                                                       const PasswordHashers& hashers,
                                                       ObtainViewOptions options);
std::shared_ptr<const View> make_simplejwt_refresh_view(const TokenViewContext& context,
                                                        SimpleJwtContext simplejwt);
std::shared_ptr<const View> make_simplejwt_verify_view(const TokenViewContext& context,
                                                       SimpleJwtContext simplejwt);
std::shared_ptr<const View> make_simplejwt_blacklist_view(const TokenViewContext& context,
                                                          SimpleJwtContext simplejwt);

}  // namespace restjwt::detail
