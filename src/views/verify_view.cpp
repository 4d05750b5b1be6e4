// VerifyJSONWebToken: VerifyJSONWebTokenSerializer — the token's checks, then the token back.
#include "views/builtin_views.hpp"
#include "views/metadata.hpp"
#include "views/token_view.hpp"

namespace restjwt::detail {
namespace {

class VerifyView final : public TokenView {
 public:
  explicit VerifyView(TokenViewContext context)
      : TokenView(std::move(context),
                  view_metadata("Verify Json Web Token",
                                "API View that checks the veracity of a token, returning the token "
                                "if it\nis valid.",
                                {"token"}),
                  {{"token", true}}) {}

 private:
  RequestCost post_cost() const override { return user_read_cost(); }

  HttpResponse post(const HttpRequest& request,
                    const std::vector<std::string>& fields) const override {
    const std::string& token = fields[0];  // trimmed, as DRF's CharField trims it
    auto checked = checker().check(token);
    if (!checked) return refused(checked.error());
    return token_response(token, *checked, request);
  }
};

}  // namespace

std::shared_ptr<const View> make_verify_view(TokenViewContext context) {
  return std::make_shared<VerifyView>(std::move(context));
}

}  // namespace restjwt::detail
