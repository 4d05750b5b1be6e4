#include <string>

#include <nlohmann/json.hpp>

#include "restjwt/base64url.hpp"
#include "restjwt/jws.hpp"
#include "restjwt/jwt.hpp"

namespace restjwt {
namespace {

Expected<std::string> encode_with_header(const Key& key, const std::string& header,
                                         const Claims& payload) {
  std::string token = base64url_encode(header);
  token += '.';
  token += base64url_encode(serialize_claims(payload));
  auto signature = sign_jws(key, token);
  if (!signature) {
    return unexpected(signature.error());
  }
  token += '.';
  token += base64url_encode(*signature);
  return token;
}

}  // namespace

Expected<std::string> encode_jwt(const Key& key, const Claims& payload) {
  // PyJWT 1.7 writes {'typ': 'JWT', 'alg': alg} in that order (PyJWT 2 sorts the keys).
  std::string header = R"({"typ":"JWT","alg":")";
  header += to_string(key.algorithm());
  header += "\"}";
  return encode_with_header(key, header, payload);
}

Expected<std::string> encode_jwt(const Key& key, const Claims& payload, std::string_view kid) {
  // PyJWT 1.7's order with the key id appended, as its encode(headers={'kid': …}) writes it.
  if (!is_plain_kid(kid)) return unexpected(ErrorCode::kInternal);
  std::string header = R"({"typ":"JWT","alg":")";
  header += to_string(key.algorithm());
  header += R"(","kid":")";
  header += kid;
  header += "\"}";
  return encode_with_header(key, header, payload);
}

bool is_plain_kid(std::string_view kid) noexcept {
  if (kid.empty() || kid.size() > 128) return false;
  for (const char c : kid) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace restjwt
