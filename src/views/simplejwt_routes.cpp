#include "views/simplejwt_routes.hpp"

#include "views/simplejwt_authentication.hpp"

namespace restjwt::detail {

Expected<SimpleJwtParts, std::string> make_simplejwt_parts(
    SimpleJwtOptions options, const std::shared_ptr<const TokenChecker>& checker) {
  if (!options.outstanding) {
    return unexpected(std::string("[simplejwt]: no store for the token_blacklist tables"));
  }
  if (options.auth_header_types.empty()) {
    return unexpected(std::string("[simplejwt] auth_header_types: at least one is needed"));
  }
  // The checker outlives every view and the authenticator that hold this clock.
  const TokenChecker* const clock_owner = checker.get();
  auto tokens = SimpleJwtTokens::create(options, checker->settings().secret_key,
                                        [clock_owner] { return clock_owner->now(); });
  if (!tokens) return unexpected(std::move(tokens).error());
  auto shared_tokens = std::make_shared<const SimpleJwtTokens>(std::move(*tokens));
  SimpleJwtParts parts;
  parts.context = SimpleJwtContext{shared_tokens,
                                   std::move(options.outstanding),
                                   options.auth_header_types.front() + " realm=\"api\"",
                                   options.rotate_refresh_tokens,
                                   options.blacklist_after_rotation,
                                   options.reuse_grace};
  parts.authentication = make_simplejwt_authentication(shared_tokens, options.auth_header_types,
                                                       checker->store(), checker->events());
  parts.routes = std::move(options.routes);
  return parts;
}

std::vector<std::pair<std::string, std::shared_ptr<const View>>> simplejwt_routes(
    const SimpleJwtParts& parts, const TokenViewContext& context, const PasswordHashers& hashers,
    const ObtainViewOptions& obtain) {
  return {
      {parts.routes.obtain, make_simplejwt_obtain_view(context, parts.context, hashers, obtain)},
      {parts.routes.refresh, make_simplejwt_refresh_view(context, parts.context)},
      {parts.routes.verify, make_simplejwt_verify_view(context, parts.context)},
      {parts.routes.blacklist, make_simplejwt_blacklist_view(context, parts.context)},
  };
}

}  // namespace restjwt::detail
