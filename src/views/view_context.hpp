// What the views share: settings, keys, store, hashers, hooks, clock, the token checker.
#pragma once

#include <optional>
#include <string>

#include "restjwt/password_hasher.hpp"
#include "restjwt/user_store.hpp"
#include "restjwt/views.hpp"
#include "views/token_checker.hpp"

namespace restjwt::detail {

// Not copyable or movable: `checker` refers to `options`.
struct ViewContext {
  ViewContext(const ViewContext&) = delete;
  ViewContext& operator=(const ViewContext&) = delete;
  ViewContext(ApplicationOptions opts, std::optional<Key> signing, std::optional<Key> verification,
              UserStore& user_store, const PasswordHashers& password_hashers)
      : options(std::move(opts)),
        signing_key(std::move(signing)),
        store(user_store),
        hashers(password_hashers),
        checker(options.settings, std::move(verification), store, options.hooks, options.clock) {}

  ApplicationOptions options;
  std::optional<Key> signing_key;  // absent with a per-user secret
  UserStore& store;
  const PasswordHashers& hashers;
  TokenChecker checker;

  const Settings& settings() const { return options.settings; }
  std::int64_t now() const { return options.clock(); }
};

inline constexpr std::string_view kTokenRouteAllow = "POST, OPTIONS";
inline constexpr std::string_view kUserRouteAllow = "GET, POST, HEAD, OPTIONS";

// POST handlers of the three token views (SPEC §8, §9); `request` is already routed.
HttpResponse obtain_token(const ViewContext& ctx, const HttpRequest& request);
HttpResponse verify_token(const ViewContext& ctx, const HttpRequest& request);
HttpResponse refresh_token(const ViewContext& ctx, const HttpRequest& request);

// OPTIONS metadata bodies (SPEC §13, §11).
std::string obtain_metadata(const std::string& username_field);
std::string verify_metadata();
std::string refresh_metadata();
std::string user_metadata();

}  // namespace restjwt::detail
