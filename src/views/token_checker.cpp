// TokenChecker: drf-jwt's jwt_decode_handler and the user checks of its serializers and
// authentication class, in the order of docs/wire-contract.md §5 and §6.
#include "restjwt/token_checker.hpp"

#include <optional>

#include <nlohmann/json.hpp>

#include "views/token_issuer.hpp"

namespace restjwt {

struct TokenChecker::State {
  Settings settings;
  Hooks hooks;
  UserStore& store;
  Clock clock;
  std::shared_ptr<Events> events;
  ClaimRules rules;
  std::optional<Key> signing_key;  // absent with a per-user secret, a public key alone, a ring
  TokenKeys keys;
  // With a fixed key or a key ring, one verifier for every token; with a per-user secret, none
  // (each check resolves the key from the token's user_id).
  std::optional<TokenVerifier> fixed_verifier;
  std::optional<TokenVerifier> remote_verifier;  // the remote issuer's tokens
  bool per_user_secret = false;
  std::shared_ptr<const TokenRevocations> revocations;  // null: nothing is ever revoked

  Expected<Key> key_for_user_id(const Claims& payload, std::optional<User>& secret_owner) const;
  Expected<User> user_named_by(const std::optional<Claims>& username) const;
  Expected<Key> user_secret_key(const User& user) const;
};

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

}  // namespace

// A user without a usable secret (a NULL column, an empty string) can hold no valid token: a
// refusal, not a server fault (drf-jwt answered 500).
Expected<Key> TokenChecker::State::user_secret_key(const User& user) const {
  const auto secret = hooks.user_secret(user);
  if (!secret || secret->empty()) return unexpected(ErrorCode::kUserSecretMissing);
  // The user's secret is whatever the project stored: no minimum length is imposed on it.
  auto key = Key::hmac_secret(settings.algorithm, *secret, 1);
  if (!key) return unexpected(ErrorCode::kUserSecretMissing);
  return *key;
}

Expected<Key> TokenChecker::State::key_for_user_id(const Claims& payload,
                                                   std::optional<User>& secret_owner) const {
  // drf-jwt's jwt_get_secret_key: User.objects.get(pk=payload.get('user_id')). A missing or
  // unknown user_id was a 500 there; here it is a decode error.
  const bool uuid_keys = store.schema().id_type == UserTableSchema::IdType::kUuid;
  const auto id = user_id_from(payload, uuid_keys);
  if (!id) return unexpected(ErrorCode::kUserSecretUnavailable);
  auto user = store.find_by_id(*id);
  if (!user) return unexpected(store_fault(*events, "find_by_id", user.error()));
  if (!user->has_value()) return unexpected(ErrorCode::kUserSecretUnavailable);
  auto key = user_secret_key(**user);
  if (!key) return key;
  secret_owner = std::move(**user);
  return key;
}

// The user a good token names by `username` (the username claim's value, nullopt when absent).
Expected<User> TokenChecker::State::user_named_by(const std::optional<Claims>& username) const {
  if (!username || username->is_null() ||
      (username->is_string() && username->get_ref<const std::string&>().empty())) {
    return unexpected(ErrorCode::kPayloadUsernameMissing);
  }
  if (!username->is_string()) return unexpected(ErrorCode::kUserNotFound);
  auto user = store.find_by_username(username->get_ref<const std::string&>());
  if (!user) return unexpected(store_fault(*events, "find_by_username", user.error()));
  if (!user->has_value()) return unexpected(ErrorCode::kUserNotFound);
  if (!(*user)->is_active) return unexpected(ErrorCode::kUserDisabled);
  return std::move(**user);
}

// The settings' static keys (make_keys()), unless a key ring replaces them.
Expected<KeyPair, std::string> keys_for(const Settings& settings, bool per_user,
                                        const TokenKeys& keys) {
  if (!keys.ring) return make_keys(settings, per_user);
  if (!settings.verify) {
    return unexpected(
        std::string("JWT_VERIFY = false is refused: it would accept forged and unsigned tokens"));
  }
  if (per_user) {
    return unexpected(std::string(
        "JWT_GET_USER_SECRET_KEY and the key ring do not go together: each user's secret is the "
        "key of their tokens, so there is no key to rotate; use one or the other"));
  }
  return KeyPair{};
}

Expected<std::shared_ptr<const TokenChecker>, std::string> TokenChecker::create(
    Settings settings, Hooks hooks, UserStore& store, Clock clock, std::shared_ptr<Events> events,
    TokenKeys token_keys, std::shared_ptr<const TokenRevocations> revocations) {
  const bool per_user = static_cast<bool>(hooks.user_secret) && is_hmac(settings.algorithm);
  auto keys = keys_for(settings, per_user, token_keys);
  if (!keys) return unexpected(std::move(keys).error());
  if (!keys->verification && !per_user && !token_keys.ring) {
    return unexpected(
        std::string("no key to verify tokens with: set JWT_SECRET_KEY or JWT_PUBLIC_KEY"));
  }
  if (settings.auth_header_prefixes.empty()) {
    return unexpected(std::string("JWT_AUTH_HEADER_PREFIX: at least one prefix is needed"));
  }
  if (token_keys.remote && token_keys.remote_rules.issuer.empty()) {
    return unexpected(
        std::string("[remote_jwks] issuer is required: only tokens whose iss is "
                    "that issuer are checked with its keys"));
  }
  ClaimRules rules = rules_from(settings);
  auto state = std::unique_ptr<State>(
      new State{std::move(settings), std::move(hooks), store, std::move(clock),
                events ? std::move(events) : ignore_events(), rules, keys->signing,
                std::move(token_keys), std::nullopt, std::nullopt, per_user, nullptr});
  if (state->settings.token_id != TokenId::kOff) state->revocations = std::move(revocations);
  if (state->keys.ring) {
    state->fixed_verifier.emplace(*state->keys.ring, rules, state->clock);
  } else if (keys->verification) {
    state->fixed_verifier.emplace(*keys->verification, rules, state->clock);
  }
  if (state->keys.remote) {
    ClaimRules remote = rules;  // the leeway; expiry is always checked
    remote.verify_expiration = true;
    remote.issuer = state->keys.remote_rules.issuer;
    remote.audience = state->keys.remote_rules.audience;
    state->remote_verifier.emplace(*state->keys.remote, remote, state->clock);
  }
  return std::shared_ptr<const TokenChecker>(new TokenChecker(std::move(state)));
}

TokenChecker::TokenChecker(std::unique_ptr<State> state) : state_(std::move(state)) {}
TokenChecker::~TokenChecker() = default;

Expected<User> TokenChecker::check(std::string_view token, Claims* payload_out) const {
  const State& s = *state_;
  std::optional<User> secret_owner;
  Expected<Claims> payload = unexpected(ErrorCode::kInternal);
  if (s.fixed_verifier) {
    payload = s.fixed_verifier->verify(token);
  } else {
    const TokenVerifier per_user(
        s.settings.algorithm,
        [&](const Claims& unverified) { return s.key_for_user_id(unverified, secret_owner); },
        s.rules, s.clock);
    payload = per_user.verify(token);
  }
  if (!payload) return unexpected(payload.error());
  if (s.settings.token_id == TokenId::kRequire) {
    const auto jti = payload->find("jti");
    if (jti == payload->end() || !jti->is_string()) return unexpected(ErrorCode::kTokenIdMissing);
  }
  // Before the user lookup: a revoked token costs no database read.
  if (s.revocations) {
    if (const auto refused = s.revocations->token_refusal(*payload)) return unexpected(*refused);
  }
  auto user = s.user_named_by(s.hooks.username_from_payload(*payload));
  if (!user) return unexpected(user.error());
  // The signature is the secret of the user_id's user: it must be the user the token names.
  if (secret_owner && secret_owner->id != user->id) return unexpected(ErrorCode::kUserMismatch);
  if (s.revocations) {
    if (const auto refused = s.revocations->cutoff_refusal(*payload, *user)) {
      return unexpected(*refused);
    }
  }
  if (payload_out != nullptr) *payload_out = std::move(*payload);
  return user;
}

Expected<User> TokenChecker::check_authentication(std::string_view token) const {
  const State& s = *state_;
  if (!s.remote_verifier || !detail::issued_by(token, s.keys.remote_rules.issuer)) {
    return check(token);
  }
  auto payload = s.remote_verifier->verify(token);
  if (!payload) return unexpected(payload.error());
  const auto claim = payload->find(s.keys.remote_rules.username_claim);
  return s.user_named_by(claim == payload->end() ? std::nullopt : std::optional<Claims>(*claim));
}

Expected<std::string> TokenChecker::sign(const Claims& payload, const User& user) const {
  const State& s = *state_;
  if (s.keys.ring) {
    auto key = s.keys.ring->signing_key();
    if (!key) return unexpected(key.error());
    return encode_jwt(key->key, payload, key->kid);
  }
  if (s.signing_key) return encode_jwt(*s.signing_key, payload);
  if (!s.per_user_secret) {
    s.events->key_fault("no signing key: set JWT_PRIVATE_KEY");
    return unexpected(ErrorCode::kInternal);
  }
  auto key = s.user_secret_key(user);
  if (!key) return unexpected(key.error());
  return encode_jwt(*key, payload);
}

const Settings& TokenChecker::settings() const noexcept { return state_->settings; }
const Hooks& TokenChecker::hooks() const noexcept { return state_->hooks; }
UserStore& TokenChecker::store() const noexcept { return state_->store; }
Events& TokenChecker::events() const noexcept { return *state_->events; }
std::int64_t TokenChecker::now() const { return state_->clock(); }
bool TokenChecker::user_reads_are_local() const { return state_->store.reads_are_local(); }
const TokenRevocations* TokenChecker::revocations() const noexcept {
  return state_->revocations.get();
}
bool TokenChecker::can_sign() const noexcept {
  return state_->signing_key.has_value() || state_->per_user_secret || state_->keys.ring;
}

}  // namespace restjwt
