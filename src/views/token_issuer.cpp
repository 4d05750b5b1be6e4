#include "views/token_issuer.hpp"

#include <nlohmann/json.hpp>

#include "restjwt/base64url.hpp"
#include "restjwt/jwt.hpp"

namespace restjwt::detail {

bool issued_by(std::string_view token, std::string_view issuer) {
  const auto first = token.find('.');
  const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.size() > TokenVerifier::kMaxTokenBytes) {
    return false;
  }
  const auto payload = base64url_decode(token.substr(first + 1, second - first - 1));
  // Most tokens of restjwt's own carry no `iss` at all: those need no parse.
  if (!payload || payload->find("\"iss\"") == std::string::npos) return false;
  const auto claims = parse_json_object_strict(*payload);
  if (!claims) return false;
  const auto iss = claims->find("iss");
  return iss != claims->end() && iss->is_string() && iss->get_ref<const std::string&>() == issuer;
}

}  // namespace restjwt::detail
