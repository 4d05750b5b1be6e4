// Wire contract §5.5, in PyJWT 1.7's order: required claims, iat, nbf, exp, iss, aud.
#include <cmath>

#include <nlohmann/json.hpp>

#include "restjwt/jwt.hpp"

namespace restjwt {
namespace {

// PyJWT takes int(value): a finite number, truncated toward zero. Strings, booleans and null
// are refused here although Python's int() accepts some of them (§15.3).
std::optional<double> time_claim(const Claims& value) {
  if (!value.is_number()) {
    return std::nullopt;
  }
  const double number = value.get<double>();
  if (!std::isfinite(number)) {
    return std::nullopt;
  }
  return std::trunc(number);
}

Expected<void> check_audience(const Claims& payload, const std::optional<std::string>& audience) {
  const auto aud = payload.find("aud");
  if (!audience) {
    // A token meant for some audience is not for a server that has none (PyJWT 1.7).
    return aud == payload.end() ? Expected<void>{} : unexpected(ErrorCode::kAudienceUnexpected);
  }
  if (aud == payload.end()) {
    return unexpected(ErrorCode::kAudienceInvalid);
  }
  if (aud->is_string()) {
    return aud->get_ref<const std::string&>() == *audience
               ? Expected<void>{}
               : unexpected(ErrorCode::kAudienceInvalid);
  }
  if (!aud->is_array()) {
    return unexpected(ErrorCode::kAudienceInvalid);
  }
  bool found = false;
  for (const auto& entry : *aud) {
    if (!entry.is_string()) {
      return unexpected(ErrorCode::kAudienceInvalid);
    }
    found = found || entry.get_ref<const std::string&>() == *audience;
  }
  return found ? Expected<void>{} : unexpected(ErrorCode::kAudienceInvalid);
}

}  // namespace

Expected<void> check_claims(const Claims& payload, const ClaimRules& rules, std::int64_t now) {
  const auto leeway = static_cast<double>(rules.leeway_seconds);
  const auto now_d = static_cast<double>(now);
  const auto exp = payload.find("exp");
  if (rules.verify_expiration && exp == payload.end()) {
    return unexpected(ErrorCode::kExpirationMissing);
  }
  if (const auto iat = payload.find("iat"); iat != payload.end() && !time_claim(*iat)) {
    return unexpected(ErrorCode::kIssuedAtInvalid);
  }
  if (const auto nbf = payload.find("nbf"); nbf != payload.end()) {
    const auto not_before = time_claim(*nbf);
    if (!not_before) {
      return unexpected(ErrorCode::kNotBeforeInvalid);
    }
    if (*not_before > now_d + leeway) {
      return unexpected(ErrorCode::kTokenImmature);
    }
  }
  if (rules.verify_expiration) {
    const auto expires = time_claim(*exp);
    if (!expires) {
      return unexpected(ErrorCode::kExpirationInvalid);
    }
    if (*expires < now_d - leeway) {
      return unexpected(ErrorCode::kSignatureExpired);
    }
  }
  if (rules.issuer) {
    const auto iss = payload.find("iss");
    if (iss == payload.end() || !iss->is_string() ||
        iss->get_ref<const std::string&>() != *rules.issuer) {
      return unexpected(ErrorCode::kIssuerInvalid);
    }
  }
  return check_audience(payload, rules.audience);
}

}  // namespace restjwt
