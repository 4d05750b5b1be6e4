// JWTAuthentication (simplejwt 5.2): AccessToken(raw) — signature, exp, jti, token_type "access";
// access tokens are never looked up in the blacklist — then the user its user_id names. Its
// refusals are 401 with its bodies and codes (docs/wire-contract.md §16).
#include "views/simplejwt_authentication.hpp"

#include <algorithm>

#include "restjwt/events.hpp"
#include "views/responses.hpp"

namespace restjwt::detail {
namespace {

class SimpleJwtAuthentication final : public AuthenticationScheme {
 public:
  SimpleJwtAuthentication(std::shared_ptr<const SimpleJwtTokens> tokens,
                          std::vector<std::string> header_types, UserStore& store, Events& events)
      : tokens_(std::move(tokens)),
        header_types_(std::move(header_types)),
        store_(store),
        events_(events) {}

  bool is_scheme(std::string_view first_word) const override {
    return std::find(header_types_.begin(), header_types_.end(), first_word) != header_types_.end();
  }

  AuthenticationResult authenticate(const std::vector<std::string_view>& words) const override {
    if (words.size() != 2) {
      return refused(
          R"({"detail":"Authorization header must contain two space-delimited values","code":"bad_authorization_header"})");
    }
    auto payload = tokens_->decode(words[1]);
    std::optional<std::string> message;
    if (!payload) {
      message = payload.error();
    } else {
      message = tokens_->check(*payload, kAccessType);
    }
    if (message) {
      return refused(
          R"({"detail":"Given token not valid for any token type","code":"token_not_valid","messages":[{"token_class":"AccessToken","token_type":"access","message":)" +
          json_string(*message) + "}]}");
    }
    const auto id = simplejwt_user_id(*payload);
    if (!id) {
      return refused(
          R"({"detail":"Token contained no recognizable user identification","code":"token_not_valid"})");
    }
    auto user = store_.find_by_id(*id);
    AuthenticationResult result;
    if (!user) {
      result.kind = AuthenticationResult::Kind::kFailed;
      result.error = store_fault(events_, "find_by_id", user.error());
      return result;
    }
    if (!*user) return refused(R"({"detail":"User not found","code":"user_not_found"})");
    if (!(*user)->is_active) {
      return refused(R"({"detail":"User is inactive","code":"user_inactive"})");
    }
    result.kind = AuthenticationResult::Kind::kAuthenticated;
    result.user = std::move(**user);
    return result;
  }

 private:
  static AuthenticationResult refused(std::string body) {
    AuthenticationResult result;
    result.kind = AuthenticationResult::Kind::kFailed;
    result.error = ErrorCode::kSignatureInvalid;  // a 401; the body is `refusal`
    result.refusal = std::move(body);
    return result;
  }

  std::shared_ptr<const SimpleJwtTokens> tokens_;
  std::vector<std::string> header_types_;
  UserStore& store_;
  Events& events_;
};

}  // namespace

std::shared_ptr<const AuthenticationScheme> make_simplejwt_authentication(
    std::shared_ptr<const SimpleJwtTokens> tokens, std::vector<std::string> header_types,
    UserStore& store, Events& events) {
  return std::make_shared<SimpleJwtAuthentication>(std::move(tokens), std::move(header_types),
                                                   store, events);
}

}  // namespace restjwt::detail
