#include "restjwt/jwk.hpp"
#include "restjwt/settings.hpp"

namespace restjwt {
namespace {

Expected<KeyPair, std::string> hmac_keys(const Settings& s, bool per_user_secret) {
  if (!s.private_key.empty() || !s.public_key.empty()) {
    return unexpected(
        std::string("JWT_PRIVATE_KEY and JWT_PUBLIC_KEY are for RS*, PS*, ES* and EdDSA; ") +
        std::string(to_string(s.algorithm)) + " uses JWT_SECRET_KEY");
  }
  if (s.secret_key.empty()) {
    if (per_user_secret) {
      return KeyPair{};  // every token is signed with its user's own secret
    }
    return unexpected(std::string(
        "JWT_SECRET_KEY is not set: give at least 32 random bytes in [jwt_auth], or better in the "
        "environment (JWT_SECRET_KEY or JWT_SECRET_KEY_FILE)"));
  }
  auto key = Key::hmac_secret(s.algorithm, s.secret_key);
  if (!key) {
    return unexpected("JWT_SECRET_KEY: " + key.error());
  }
  // drf-jwt's jwt_get_secret_key: with JWT_GET_USER_SECRET_KEY the user's secret is the key, and
  // JWT_SECRET_KEY (checked above all the same, so a bad one never waits to be used) is not.
  if (per_user_secret) return KeyPair{};
  return KeyPair{*key, *key};
}

}  // namespace

Expected<KeyPair, std::string> make_keys(const Settings& s, bool per_user_secret) {
  // drf-jwt's JWT_VERIFY = False decoded tokens without checking their signature.
  if (!s.verify) {
    return unexpected(
        std::string("JWT_VERIFY = false is refused: it would accept forged and unsigned tokens"));
  }
  if (is_hmac(s.algorithm)) {
    return hmac_keys(s, per_user_secret);
  }
  if (per_user_secret || !s.get_user_secret_key.empty()) {
    return unexpected(std::string("JWT_GET_USER_SECRET_KEY works with HS256, HS384 or HS512 only"));
  }
  KeyPair keys;
  if (!s.private_key.empty()) {
    auto key = Key::from_pem(s.algorithm, s.private_key);
    if (!key) return unexpected("JWT_PRIVATE_KEY: " + key.error());
    if (!key->can_sign()) return unexpected(std::string("JWT_PRIVATE_KEY: this is a public key"));
    keys.signing = *key;
  }
  const std::string public_pem = !s.public_key.empty() ? s.public_key
                                 : keys.signing        ? public_key_pem(*keys.signing)
                                                       : std::string();
  if (public_pem.empty()) {
    return unexpected(std::string(to_string(s.algorithm)) +
                      " needs JWT_PUBLIC_KEY (to verify) and/or JWT_PRIVATE_KEY (to sign), as PEM");
  }
  auto verification = Key::from_pem(s.algorithm, public_pem);
  if (!verification) return unexpected("JWT_PUBLIC_KEY: " + verification.error());
  keys.verification = *verification;
  return keys;
}

}  // namespace restjwt
