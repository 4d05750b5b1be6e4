#include <string>

#include <nlohmann/json.hpp>

#include "restjwt/base64url.hpp"
#include "restjwt/jws.hpp"
#include "restjwt/jwt.hpp"

namespace restjwt {

Expected<std::string> encode_jwt(const Key& key, const Claims& payload) {
  // PyJWT 1.7 writes {'typ': 'JWT', 'alg': alg} in that order (PyJWT 2 sorts the keys).
  std::string header = R"({"typ":"JWT","alg":")";
  header += to_string(key.algorithm());
  header += "\"}";
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

}  // namespace restjwt
