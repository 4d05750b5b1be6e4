// libFuzzer target: arbitrary bytes through TokenVerifier (HS256, fixed key and clock).
//
// The first byte chooses how the rest is used and which claim rules apply:
//   bit 0: 0 = the rest is a token, verified as is; 1 = the rest is `header JSON \n payload JSON`,
//          signed with the key first, so the fuzzer reaches the header, payload and claim checks
//          behind the signature;
//   bit 1: JWT_VERIFY_EXPIRATION; bit 2: JWT_AUDIENCE = "api"; bit 3: JWT_ISSUER = "iss";
//   bits 4–7: JWT_LEEWAY in seconds.
// Never crashes; every rejection has a wire contract §7 class; anything accepted re-encodes to a
// token that verifies to the same claims, and to the very same token when it was canonical already.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "restjwt/base64url.hpp"
#include "restjwt/jws.hpp"
#include "restjwt/jwt.hpp"

namespace {

using restjwt::Algorithm;
using restjwt::ClaimRules;
using restjwt::ErrorClass;
using restjwt::Key;
using restjwt::TokenVerifier;

constexpr std::int64_t kNow = 1700000000;

void require(bool condition) {
  if (!condition) {
    std::abort();
  }
}

const Key& fuzz_key() {
  static const Key key =
      Key::hmac_secret(Algorithm::kHS256, "fuzz-secret-fuzz-secret-fuzz-32b").value();
  return key;
}

std::string sign_parts(std::string_view text) {
  const auto newline = text.find('\n');
  const auto header = text.substr(0, newline);
  const auto payload =
      newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
  std::string token = restjwt::base64url_encode(header) + "." + restjwt::base64url_encode(payload);
  return token + "." + restjwt::base64url_encode(restjwt::sign_jws(fuzz_key(), token).value());
}

ClaimRules rules_from(std::uint8_t control) {
  ClaimRules rules;
  rules.verify_expiration = (control & 2U) != 0;
  if ((control & 4U) != 0) {
    rules.audience = "api";
  }
  if ((control & 8U) != 0) {
    rules.issuer = "iss";
  }
  rules.leeway_seconds = control >> 4U;
  return rules;
}

void check_accepted(const TokenVerifier& verifier, const std::string& token,
                    const restjwt::Claims& claims) {
  require(claims.is_object());
  const auto again = restjwt::encode_jwt(fuzz_key(), claims);
  require(again.has_value());
  const auto reverified = verifier.verify(*again);
  require(reverified.has_value());
  require(restjwt::serialize_claims(*reverified) == restjwt::serialize_claims(claims));
  const std::string canonical_prefix =
      restjwt::base64url_encode(R"({"typ":"JWT","alg":"HS256"})") + "." +
      restjwt::base64url_encode(restjwt::serialize_claims(claims)) + ".";
  if (token.compare(0, canonical_prefix.size(), canonical_prefix) == 0) {
    require(*again == token);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::uint8_t control = data[0];
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string token = (control & 1U) != 0 ? sign_parts(rest) : std::string(rest);
  const TokenVerifier verifier(fuzz_key(), rules_from(control), restjwt::fixed_clock(kNow));
  const auto claims = verifier.verify(token);
  if (!claims) {
    const ErrorClass cls = restjwt::error_class(claims.error());
    require(cls == ErrorClass::kExpired || cls == ErrorClass::kDecode || cls == ErrorClass::kOther);
    return 0;
  }
  check_accepted(verifier, token, *claims);
  return 0;
}
