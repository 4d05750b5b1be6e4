#include <array>
#include <utility>

#include <nlohmann/json.hpp>

#include "restjwt/base64url.hpp"
#include "restjwt/jws.hpp"
#include "restjwt/jwt.hpp"

namespace restjwt {
namespace {

struct Segments {
  std::string_view header;
  std::string_view payload;
  std::string_view signature;
  std::string_view signing_input;  // header.payload, the raw bytes that were signed
};

// Wire contract §5.1: exactly three segments.
std::optional<Segments> split(std::string_view token) {
  const auto first = token.find('.');
  if (first == std::string_view::npos) {
    return std::nullopt;
  }
  const auto second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  return Segments{token.substr(0, first), token.substr(first + 1, second - first - 1),
                  token.substr(second + 1), token.substr(0, second)};
}

// Wire contract §5.2 in order: `alg` must be exactly the configured name (other), then a `crit`
// member is refused (decode: we understand no extension); `jwk`, `jku`, `x5u`, `x5c` and `kid`
// are never used to find a key.
Expected<void> check_header(const Claims& header, Algorithm algorithm) {
  const auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string() ||
      alg->get_ref<const std::string&>() != to_string(algorithm)) {
    return unexpected(ErrorCode::kAlgorithmNotAllowed);
  }
  if (header.contains("crit")) {
    return unexpected(ErrorCode::kHeaderCritUnsupported);
  }
  return {};
}

std::array<std::string, 2> known_headers_for(Algorithm algorithm) {
  const std::string alg(to_string(algorithm));
  return {base64url_encode(R"({"typ":"JWT","alg":")" + alg + "\"}"),
          base64url_encode(R"({"alg":")" + alg + R"(","typ":"JWT"})")};
}

}  // namespace

TokenVerifier::TokenVerifier(Key key, ClaimRules rules, Clock clock)
    : algorithm_(key.algorithm()),
      known_headers_(known_headers_for(algorithm_)),
      resolver_([key = std::move(key)](const Claims&) -> Expected<Key> { return key; }),
      rules_(std::move(rules)),
      clock_(std::move(clock)) {}

TokenVerifier::TokenVerifier(Algorithm algorithm, KeyResolver resolver, ClaimRules rules,
                             Clock clock)
    : algorithm_(algorithm),
      known_headers_(known_headers_for(algorithm_)),
      resolver_(std::move(resolver)),
      rules_(std::move(rules)),
      clock_(std::move(clock)) {}

Expected<Claims> TokenVerifier::verify(std::string_view token) const {
  if (token.size() > kMaxTokenBytes) {
    return unexpected(ErrorCode::kTokenTooLong);
  }
  const auto segments = split(token);
  if (!segments) {
    return unexpected(ErrorCode::kTokenMalformed);
  }
  // PyJWT 1.7's and 2.x's headers for our algorithm are known good: no need to parse them.
  const bool known_header =
      segments->header == known_headers_[0] || segments->header == known_headers_[1];
  auto header_json =
      known_header ? std::optional<std::string>("") : base64url_decode(segments->header);
  auto payload_json = base64url_decode(segments->payload);
  auto signature = base64url_decode(segments->signature);
  if (!header_json || !payload_json || !signature) {
    return unexpected(ErrorCode::kBase64Invalid);
  }
  if (!known_header) {
    const auto header = parse_json_object_strict(*header_json, kMaxJsonDepth);
    if (!header) {
      return unexpected(ErrorCode::kHeaderInvalid);
    }
    if (auto ok = check_header(*header, algorithm_); !ok) {
      return unexpected(ok.error());
    }
  }
  // The payload is parsed before the signature is checked only because the per-user secret
  // needs `user_id`; both failures are "decode" errors, so the order is not observable.
  auto payload = parse_json_object_strict(*payload_json, kMaxJsonDepth);
  if (!payload) {
    return unexpected(ErrorCode::kPayloadInvalid);
  }
  const auto key = resolver_(*payload);
  if (!key) {
    return unexpected(key.error());
  }
  if (key->algorithm() != algorithm_) {
    return unexpected(ErrorCode::kInternal);  // a resolver bug, never a client's doing
  }
  if (auto ok = verify_jws(*key, segments->signing_input, *signature); !ok) {
    return unexpected(ok.error());
  }
  if (auto ok = check_claims(*payload, rules_, clock_()); !ok) {
    return unexpected(ok.error());
  }
  return std::move(*payload);
}

}  // namespace restjwt
