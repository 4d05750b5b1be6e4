// Tokens for the hostile-token tables: an HS256 key, a fixed "now", and builders that sign any
// header and payload bytes, so that each hostile token is otherwise valid and is rejected by the
// one wire contract §5 rule it targets (the table fails if that rule is removed).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "restjwt/base64url.hpp"
#include "restjwt/error.hpp"
#include "restjwt/jwt.hpp"
#include "unit/jose/test_support.hpp"

namespace restjwt::test {

inline constexpr std::int64_t kNow = 1700000000;
inline constexpr std::string_view kSecret = "hostile-token-tests-secret-32-bytes!";
inline constexpr std::string_view kHeader = R"({"typ":"JWT","alg":"HS256"})";

inline Key hs256_key() { return must_load_secret(Algorithm::kHS256, kSecret, 32); }

// A drf-jwt payload expiring 5 minutes after kNow, with `extra` claims (",..." text) appended.
inline std::string payload_with(std::string_view extra = "") {
  return R"({"user_id":1,"username":"alice","exp":)" + std::to_string(kNow + 300) +
         std::string(extra) + "}";
}

// An HS256 token (our secret) over these exact header and payload JSON bytes.
inline std::string signed_token(std::string_view header_json, std::string_view payload_json) {
  return hmac_token(Algorithm::kHS256, kSecret, header_json, payload_json);
}
inline std::string signed_payload(std::string_view payload_json) {
  return signed_token(kHeader, payload_json);
}
// An HS256 token over already encoded segments, which may be malformed on purpose.
inline std::string signed_segments(std::string_view header_segment,
                                   std::string_view payload_segment) {
  return hmac_token_raw(Algorithm::kHS256, kSecret, header_segment, payload_segment);
}

inline std::string_view segment(std::string_view token, int index) {
  for (int i = 0; i < index; ++i) {
    token.remove_prefix(token.find('.') + 1);
  }
  return token.substr(0, token.find('.'));
}

struct Rejection {
  ErrorCode code;
  ErrorClass error_class;
};

}  // namespace restjwt::test
