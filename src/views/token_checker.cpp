#include "views/token_checker.hpp"

#include <nlohmann/json.hpp>

namespace restjwt::detail {
namespace {

ClaimRules rules_from(const Settings& settings) {
  ClaimRules rules;
  rules.verify_expiration = settings.verify_expiration;
  rules.leeway_seconds = settings.leeway.count();
  rules.audience = settings.audience;
  rules.issuer = settings.issuer;
  return rules;
}

// The user_id claim as a primary key of the configured type, as Django's pk lookup would
// accept it; nullopt for anything else.
std::optional<UserId> user_id_from(const Claims& payload, bool uuid_keys) {
  const auto it = payload.find("user_id");
  if (it == payload.end()) return std::nullopt;
  if (uuid_keys) {
    if (!it->is_string()) return std::nullopt;
    return UserId(it->get<std::string>());
  }
  if (it->is_number_integer()) return UserId(it->get<std::int64_t>());
  return std::nullopt;
}

bool same_id(const UserId& a, const UserId& b) { return a == b; }

}  // namespace

ErrorCode store_error_code(const StoreError& error) {
  return error.kind == StoreError::Kind::kUnavailable ? ErrorCode::kServiceUnavailable
                                                      : ErrorCode::kInternal;
}

TokenChecker::TokenChecker(const Settings& settings, std::optional<Key> verification_key,
                           UserStore& store, const Hooks& hooks, Clock clock)
    : settings_(settings),
      rules_(rules_from(settings)),
      store_(store),
      hooks_(hooks),
      clock_(std::move(clock)) {
  if (verification_key) {
    fixed_verifier_.emplace(*verification_key, rules_, clock_);
  }
}

Expected<Key> TokenChecker::key_for_user_id(const Claims& payload,
                                            std::optional<User>& secret_owner) const {
  // drf-jwt's jwt_get_secret_key: User.objects.get(pk=payload.get('user_id')). A missing or
  // unknown user_id was a 500 there; here it is a decode error (§15.1).
  const bool uuid_keys = store_.schema().id_type == UserTableSchema::IdType::kUuid;
  const auto id = user_id_from(payload, uuid_keys);
  if (!id) return unexpected(ErrorCode::kUserSecretUnavailable);
  auto user = store_.find_by_id(*id);
  if (!user) return unexpected(store_error_code(user.error()));
  if (!user->has_value()) return unexpected(ErrorCode::kUserSecretUnavailable);
  const auto secret = hooks_.user_secret(**user);
  if (!secret || secret->empty()) return unexpected(ErrorCode::kUserSecretUnavailable);
  auto key = Key::hmac_secret(settings_.algorithm, *secret, 1);
  if (!key) return unexpected(ErrorCode::kUserSecretUnavailable);
  secret_owner = std::move(**user);
  return *key;
}

Expected<User> TokenChecker::user_named_by(const Claims& payload) const {
  const auto username = hooks_.username_from_payload(payload);
  if (!username || username->is_null() ||
      (username->is_string() && username->get_ref<const std::string&>().empty())) {
    return unexpected(ErrorCode::kPayloadUsernameMissing);
  }
  if (!username->is_string()) return unexpected(ErrorCode::kUserNotFound);
  auto user = store_.find_by_username(username->get_ref<const std::string&>());
  if (!user) return unexpected(store_error_code(user.error()));
  if (!user->has_value()) return unexpected(ErrorCode::kUserNotFound);
  if (!(*user)->is_active) return unexpected(ErrorCode::kUserDisabled);
  return std::move(**user);
}

Expected<CheckedToken> TokenChecker::check(std::string_view token) const {
  std::optional<User> secret_owner;
  Expected<Claims> payload = unexpected(ErrorCode::kInternal);
  if (fixed_verifier_) {
    payload = fixed_verifier_->verify(token);
  } else {
    const TokenVerifier per_user(
        settings_.algorithm,
        [&](const Claims& unverified) { return key_for_user_id(unverified, secret_owner); }, rules_,
        clock_);
    payload = per_user.verify(token);
  }
  if (!payload) return unexpected(payload.error());
  auto user = user_named_by(*payload);
  if (!user) return unexpected(user.error());
  if (secret_owner && !same_id(secret_owner->id, user->id)) {
    return unexpected(ErrorCode::kUserMismatch);  // §15.5
  }
  return CheckedToken{std::move(*payload), std::move(*user)};
}

Expected<Key> TokenChecker::signing_key(const User& user,
                                        const std::optional<Key>& configured) const {
  if (configured) return *configured;
  if (!hooks_.user_secret) return unexpected(ErrorCode::kInternal);
  const auto secret = hooks_.user_secret(user);
  if (!secret || secret->empty()) return unexpected(ErrorCode::kInternal);
  auto key = Key::hmac_secret(settings_.algorithm, *secret, 1);
  if (!key) return unexpected(ErrorCode::kInternal);
  return *key;
}

}  // namespace restjwt::detail
