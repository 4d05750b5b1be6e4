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

// The header restjwt's key ring writes, {"typ":"JWT","alg":"<alg>","kid":"<plain kid>"}, read
// without a JSON parser: its strings hold no escapes, so a strict parser would read the same
// two values. Anything else goes through the strict parser.
struct KidHeader {
  std::string_view alg;
  std::string_view kid;
};

std::optional<KidHeader> read_own_kid_header(std::string_view json) {
  constexpr std::string_view kStart = R"({"typ":"JWT","alg":")";
  constexpr std::string_view kMiddle = R"(","kid":")";
  constexpr std::string_view kEnd = "\"}";
  if (!json.starts_with(kStart) || !json.ends_with(kEnd)) return std::nullopt;
  const std::string_view inner = json.substr(kStart.size(), json.size() - kStart.size() - 2);
  const auto middle = inner.find(kMiddle);
  if (middle == std::string_view::npos) return std::nullopt;
  const KidHeader header{inner.substr(0, middle), inner.substr(middle + kMiddle.size())};
  if (!algorithm_from_name(header.alg) || !is_plain_kid(header.kid)) return std::nullopt;
  return header;
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

TokenVerifier::TokenVerifier(const KeySource& keys, ClaimRules rules, Clock clock)
    : algorithm_(Algorithm::kHS256),
      key_source_(&keys),
      rules_(std::move(rules)),
      clock_(std::move(clock)) {}

// Wire contract §5.2 with a key ring (§16.8): `alg` must name an algorithm (other), `crit` is
// refused (decode), `kid` when present must be a string (decode); then the source decides by kid
// and alg alone.
Expected<Key> TokenVerifier::key_from_header(std::string_view header_json) const {
  const auto lookup = [this](std::optional<std::string_view> kid,
                             std::string_view alg) -> Expected<Key> {
    auto key = key_source_->verification_key(kid, alg);
    if (key && to_string(key->algorithm()) != alg) {
      return unexpected(ErrorCode::kInternal);  // a source bug, never a client's doing
    }
    return key;
  };
  if (const auto own = read_own_kid_header(header_json)) return lookup(own->kid, own->alg);
  const auto header = parse_json_object_strict(header_json, kMaxJsonDepth);
  if (!header) return unexpected(ErrorCode::kHeaderInvalid);
  const auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string() ||
      !algorithm_from_name(alg->get_ref<const std::string&>())) {
    return unexpected(ErrorCode::kAlgorithmNotAllowed);
  }
  if (header->contains("crit")) return unexpected(ErrorCode::kHeaderCritUnsupported);
  const auto kid = header->find("kid");
  if (kid == header->end()) return lookup(std::nullopt, alg->get_ref<const std::string&>());
  if (!kid->is_string()) return unexpected(ErrorCode::kHeaderInvalid);
  return lookup(kid->get_ref<const std::string&>(), alg->get_ref<const std::string&>());
}

Expected<Claims> TokenVerifier::verify(std::string_view token) const {
  if (token.size() > kMaxTokenBytes) {
    return unexpected(ErrorCode::kTokenTooLong);
  }
  const auto segments = split(token);
  if (!segments) {
    return unexpected(ErrorCode::kTokenMalformed);
  }
  // PyJWT 1.7's and 2.x's headers for our algorithm, and the headers of a key source's own keys,
  // are known good: no need to parse them.
  std::optional<Key> header_key;
  bool known_header = false;
  if (key_source_ == nullptr) {
    known_header = segments->header == known_headers_[0] || segments->header == known_headers_[1];
  } else {
    header_key = key_source_->key_for_own_header(segments->header);
    known_header = header_key.has_value();
  }
  auto header_json =
      known_header ? std::optional<std::string>("") : base64url_decode(segments->header);
  auto payload_json = base64url_decode(segments->payload);
  auto signature = base64url_decode(segments->signature);
  if (!header_json || !payload_json || !signature) {
    return unexpected(ErrorCode::kBase64Invalid);
  }
  if (key_source_ != nullptr && !header_key) {
    auto key = key_from_header(*header_json);
    if (!key) return unexpected(key.error());
    header_key = std::move(*key);
  } else if (!known_header) {
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
  const auto key = header_key ? Expected<Key>(std::move(*header_key)) : resolver_(*payload);
  if (!key) {
    return unexpected(key.error());
  }
  if (!header_key && key->algorithm() != algorithm_) {
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
