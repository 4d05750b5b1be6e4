// drf-jwt's JSONWebTokenAPIView: the shared half of the obtain, verify and refresh views — POST
// and OPTIONS only, no authentication, the serializer's fields read from the body, and the success
// answer with the token.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "restjwt/token_checker.hpp"
#include "restjwt/view.hpp"
#include "views/csrf.hpp"
#include "views/fields.hpp"

namespace restjwt::detail {

inline constexpr std::string_view kTokenRouteAllow = "POST, OPTIONS";

// What every token view shares: the token checks, and the pages it may set the JWT cookie for.
struct TokenViewContext {
  std::shared_ptr<const TokenChecker> checker;
  std::shared_ptr<const CookieOrigins> cookie_origins;  // null: only the request's own host
};

class TokenView : public View {
 public:
  // `metadata` is the view's OPTIONS body; `fields` its serializer's fields, in order.
  TokenView(TokenViewContext context, std::string metadata, std::vector<FieldSpec> fields);

  std::string_view allow() const final { return kTokenRouteAllow; }
  RequestCost cost(const HttpRequest& request) const final;
  HttpResponse handle(const HttpRequest& request) const final;

 protected:
  // Where a POST's work runs (the other methods are answered at once).
  virtual RequestCost post_cost() const = 0;
  // A POST whose fields passed validation: their values, in the order given to the constructor.
  virtual HttpResponse post(const HttpRequest& request,
                            const std::vector<std::string>& fields) const = 0;

  // 200 with the response payload handler's body, Cache-Control: no-store, and the JWT cookie when
  // JWT_AUTH_COOKIE is set.
  HttpResponse token_response(const std::string& token, const User& user,
                              const HttpRequest& request) const;
  // The serializer's answer for `code`; a refused token (4xx) is also reported to Events.
  HttpResponse refused(ErrorCode code) const;

  const TokenChecker& checker() const { return *checker_; }
  // The time of a user-read: inline when the store's reads are local, else the database pool.
  RequestCost user_read_cost() const;

 private:
  std::shared_ptr<const TokenChecker> checker_;
  std::shared_ptr<const CookieOrigins> cookie_origins_;
  std::string metadata_;
  std::vector<FieldSpec> fields_;
};

}  // namespace restjwt::detail
