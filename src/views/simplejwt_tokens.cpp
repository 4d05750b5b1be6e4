// simplejwt 5.2's tokens.py and backends.py (TokenBackend over PyJWT 2.6), in C++.
#include "views/simplejwt_tokens.hpp"

#include <array>
#include <cmath>

#include <nlohmann/json.hpp>
#include <openssl/rand.h>

#include "restjwt/base64url.hpp"
#include "restjwt/jws.hpp"

namespace restjwt::detail {

struct SimpleJwtTokens::State {
  Key key;
  std::string encoded_header;  // base64url of PyJWT 2's {"alg":"…","typ":"JWT"}
  TokenVerifier verifier;
  std::chrono::seconds access_lifetime;
  std::chrono::seconds refresh_lifetime;
};

namespace {

constexpr std::string_view kInvalidOrExpired = "Token is invalid or expired";

// uuid4().hex: 122 random bits from OpenSSL's CSPRNG, version and variant bits set.
std::optional<std::string> uuid4_hex() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return std::nullopt;
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(32);
  for (const unsigned char b : bytes) {
    hex += kHex[b >> 4];
    hex += kHex[b & 0x0F];
  }
  return hex;
}

}  // namespace

Expected<SimpleJwtTokens, std::string> SimpleJwtTokens::create(const SimpleJwtOptions& options,
                                                               std::string_view default_key,
                                                               Clock clock) {
  const auto algorithm = algorithm_from_name(options.algorithm);
  if (!algorithm || !is_hmac(*algorithm)) {
    return unexpected("[simplejwt] algorithm: \"" + options.algorithm +
                      "\" is not one of HS256, HS384, HS512");
  }
  const std::string_view secret = options.signing_key.empty() ? default_key : options.signing_key;
  auto key = Key::hmac_secret(*algorithm, secret);
  if (!key) return unexpected("[simplejwt] signing_key: " + std::move(key).error());
  ClaimRules rules;
  rules.verify_expiration = false;  // decode() and check() do simplejwt's own exp checks
  const std::string header =
      R"({"alg":")" + std::string(to_string(*algorithm)) + R"(","typ":"JWT"})";
  auto state = std::make_shared<const State>(
      State{*key, base64url_encode(header), TokenVerifier(*key, rules, clock),
            options.access_token_lifetime, options.refresh_token_lifetime});
  return SimpleJwtTokens(std::move(state), std::move(clock));
}

Claims SimpleJwtTokens::fresh(std::string_view type, std::chrono::seconds lifetime) const {
  const std::int64_t now = clock_();
  Claims payload;
  payload["token_type"] = type;
  payload["exp"] = now + lifetime.count();
  payload["iat"] = now;
  payload["jti"] = "";  // set by sign(), keeping simplejwt's claim order
  return payload;
}

Expected<SignedToken> SimpleJwtTokens::sign(Claims payload) const {
  if (payload.contains("jti") && payload["jti"] == "") {
    auto jti = uuid4_hex();
    if (!jti) return unexpected(ErrorCode::kInternal);
    payload["jti"] = *jti;
  }
  std::string token = state_->encoded_header + "." + base64url_encode(serialize_claims(payload));
  auto signature = sign_jws(state_->key, token);
  if (!signature) return unexpected(signature.error());
  token += "." + base64url_encode(*signature);
  return SignedToken{std::move(token), std::move(payload)};
}

Expected<SignedToken> SimpleJwtTokens::refresh_for(const User& user) const {
  Claims payload = fresh(kRefreshType, state_->refresh_lifetime);
  // Token.for_user: an integer pk as it is, any other (a UUID) as str().
  if (std::holds_alternative<std::int64_t>(user.id)) {
    payload["user_id"] = std::get<std::int64_t>(user.id);
  } else {
    payload["user_id"] = to_string(user.id);
  }
  return sign(std::move(payload));
}

Expected<SignedToken> SimpleJwtTokens::access_from(const Claims& refresh) const {
  Claims access = fresh(kAccessType, state_->access_lifetime);
  for (const auto& [claim, value] : refresh.items()) {
    if (claim == "token_type" || claim == "exp" || claim == "jti") continue;  // no_copy_claims
    access[claim] = value;
  }
  return sign(std::move(access));
}

Expected<SignedToken> SimpleJwtTokens::rotated(Claims refresh) const {
  const std::int64_t now = clock_();
  refresh["jti"] = "";
  refresh["exp"] = now + state_->refresh_lifetime.count();
  refresh["iat"] = now;
  return sign(std::move(refresh));
}

Expected<Claims, TokenErrorMessage> SimpleJwtTokens::decode(std::string_view token) const {
  auto payload = state_->verifier.verify(token);
  if (!payload) return unexpected(TokenErrorMessage(kInvalidOrExpired));
  // PyJWT 2.6's exp check: a number (int() of it), expired when exp <= now.
  if (const auto exp = payload->find("exp"); exp != payload->end()) {
    if (!exp->is_number() || (exp->is_number_float() && !std::isfinite(exp->get<double>()))) {
      return unexpected(TokenErrorMessage(kInvalidOrExpired));
    }
    if (exp->get<double>() <= static_cast<double>(clock_())) {
      return unexpected(TokenErrorMessage(kInvalidOrExpired));
    }
  }
  return std::move(*payload);
}

std::optional<TokenErrorMessage> SimpleJwtTokens::check(const Claims& payload,
                                                        std::string_view type) const {
  if (!payload.contains("exp")) return "Token has no 'exp' claim";
  if (!payload.contains("jti")) return "Token has no id";
  if (type.empty()) return std::nullopt;  // UntypedToken
  const auto token_type = payload.find("token_type");
  if (token_type == payload.end()) return "Token has no type";
  if (!token_type->is_string() || token_type->get<std::string>() != type) {
    return "Token has wrong type";
  }
  return std::nullopt;
}

OutstandingToken SimpleJwtTokens::outstanding(const std::string& token, const Claims& payload,
                                              bool with_user) {
  OutstandingToken row;
  row.jti = jti_of(payload).value_or("");
  row.token = token;
  const auto exp = payload.find("exp");
  row.expires_at =
      exp != payload.end() && exp->is_number() ? static_cast<std::int64_t>(exp->get<double>()) : 0;
  if (with_user) {
    row.user_id = simplejwt_user_id(payload);
    const auto iat = payload.find("iat");
    if (iat != payload.end() && iat->is_number()) {
      row.created_at = static_cast<std::int64_t>(iat->get<double>());
    }
  }
  return row;
}

std::optional<std::string> jti_of(const Claims& payload) {
  const auto jti = payload.find("jti");
  if (jti == payload.end()) return std::nullopt;
  return jti->is_string() ? jti->get<std::string>() : jti->dump();
}

std::optional<UserId> simplejwt_user_id(const Claims& payload) {
  const auto it = payload.find("user_id");
  if (it == payload.end()) return std::nullopt;
  if (it->is_number_integer()) return UserId(it->get<std::int64_t>());
  if (it->is_string()) return UserId(it->get<std::string>());
  return std::nullopt;
}

}  // namespace restjwt::detail
