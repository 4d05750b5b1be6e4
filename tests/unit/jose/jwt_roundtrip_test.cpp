#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "restjwt/base64url.hpp"
#include "restjwt/jwt.hpp"

namespace restjwt {
namespace {

const std::string kSecret = "0123456789abcdef0123456789abcdef";

TEST(JwtEncode, ProducesPyJwtHeaderAndCompactAsciiPayload) {
  const auto key = Key::hmac_secret(Algorithm::kHS256, kSecret).value();
  Claims payload;
  payload["user_id"] = 1;
  payload["username"] = "jos\xC3\xA9";
  payload["exp"] = 1795874107;
  const auto token = encode_jwt(key, payload).value();
  const auto first_dot = token.find('.');
  EXPECT_EQ(base64url_decode(token.substr(0, first_dot)).value(), R"({"typ":"JWT","alg":"HS256"})");
  const auto second_dot = token.find('.', first_dot + 1);
  EXPECT_EQ(base64url_decode(token.substr(first_dot + 1, second_dot - first_dot - 1)).value(),
            R"({"user_id":1,"username":"jos\u00e9","exp":1795874107})");
}

TEST(JwtDecode, AcceptsItsOwnTokenUntilTheExpirySecondEnds) {
  const auto key = Key::hmac_secret(Algorithm::kHS256, kSecret).value();
  Claims payload;
  payload["user_id"] = 1;
  payload["exp"] = 1000;
  const auto token = encode_jwt(key, payload).value();
  EXPECT_TRUE(TokenVerifier(key, {}, fixed_clock(1000)).verify(token).has_value());
  const auto expired = TokenVerifier(key, {}, fixed_clock(1001)).verify(token);
  ASSERT_FALSE(expired.has_value());
  EXPECT_EQ(expired.error(), ErrorCode::kSignatureExpired);
}

TEST(JwtDecode, VerifiesRfc7515A1WhoseHeaderHasCrLfAndSpaces) {
  const auto secret =
      base64url_decode(
          "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow")
          .value();
  const auto key = Key::hmac_secret(Algorithm::kHS256, secret).value();
  const std::string token =
      "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
      "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVl"
      "fQ."
      "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  const auto claims = TokenVerifier(key, {}, fixed_clock(1300819380)).verify(token);
  ASSERT_TRUE(claims.has_value()) << to_string(claims.error());
  EXPECT_EQ((*claims)["iss"], "joe");
}

}  // namespace
}  // namespace restjwt
