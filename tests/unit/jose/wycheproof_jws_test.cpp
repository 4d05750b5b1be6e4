// Project Wycheproof json_web_signature_test.json: 401 JWS cases with JWK keys.
//
// restjwt verifies compact JWS only, with exactly one configured algorithm. Each case is checked
// the way restjwt checks a token (wire contract §5.1–5.3), built from the library's own strict
// parts: three segments, strict base64url, a strict JSON header whose `alg` is the configured one
// and which has no `crit`, then verify_jws over the raw `header.payload` bytes. The payloads are
// not JWT claim sets ("foo", "Test"), so TokenVerifier itself is only asked to reject every case.
//
// The key is configured for the algorithm its JWK names (a restjwt Key is bound to one): there a
// case verifies exactly when it is valid; under any other algorithm a token naming a different
// one is always rejected. Where restjwt's verdict differs from the file's, kDecisions says why.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "restjwt/base64url.hpp"
#include "restjwt/jws.hpp"
#include "restjwt/jwt.hpp"
#include "unit/jose/jwk_pem.hpp"
#include "unit/jose/test_support.hpp"

namespace restjwt {
namespace {

// Where restjwt's verdict differs from the file's, and why.
const std::map<int, std::pair<bool, const char*>> kDecisions = {
    {367,
     {true,
      "byte-identical to tcId 357 in this snapshot (the padding it is named after is "
      "missing); padding is covered by the hostile-token table"}},
    {370, {true, "byte-identical to tcId 357, as 367"}},
    {372, {false, "a '?' inside the header segment: lenient decoders skip it, §5.1 refuses"}},
    {373, {false, "a '?' inside the payload segment: as 372"}},
    {353,
     {true,
      "the JWK says use=enc; restjwt keys are PEM, which carry no use: configuring "
      "the key for RS256 is the operator's statement of its use"}},
    {354, {true, "as 353, for the EC key"}},
    {355, {true, "the JWK's key_ops exclude verify; as 353"}},
    {356, {true, "as 355, for the EC key"}},
};

std::vector<Algorithm> algorithms_for(const std::string& kty) {
  if (kty == "oct") return {Algorithm::kHS256, Algorithm::kHS384, Algorithm::kHS512};
  if (kty == "RSA") {
    return {Algorithm::kRS256, Algorithm::kRS384, Algorithm::kRS512,
            Algorithm::kPS256, Algorithm::kPS384, Algorithm::kPS512};
  }
  if (kty == "EC") return {Algorithm::kES256, Algorithm::kES384, Algorithm::kES512};
  return {Algorithm::kEdDSA};
}

// The group's verification key for `algorithm` (`pem`: the JWK's public half, computed once per
// group), or nullopt when the key does not fit the algorithm (another curve).
std::optional<Key> load(const nlohmann::json& jwk, const std::optional<std::string>& pem,
                        Algorithm algorithm) {
  if (is_hmac(algorithm)) {
    auto key =
        Key::hmac_secret(algorithm, base64url_decode(jwk["k"].get<std::string>()).value(), 1);
    return key ? std::optional<Key>(*key) : std::nullopt;
  }
  if (!pem) {
    ADD_FAILURE() << "JWK without a usable public key: " << jwk.dump();
    return std::nullopt;
  }
  auto key = Key::from_pem(algorithm, *pem);
  return key ? std::optional<Key>(*key) : std::nullopt;
}

// §5.1–5.3 for a compact JWS whose payload need not be JSON.
bool compact_jws_verifies(const Key& key, const std::string& jws) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t dot = jws.find('.'); dot != std::string::npos; dot = jws.find('.', start)) {
    parts.push_back(jws.substr(start, dot - start));
    start = dot + 1;
  }
  parts.push_back(jws.substr(start));
  if (jws.size() > TokenVerifier::kMaxTokenBytes || parts.size() != 3) {
    return false;
  }
  const auto header = base64url_decode(parts[0]);
  const auto payload = base64url_decode(parts[1]);
  const auto signature = base64url_decode(parts[2]);
  if (!header || !payload || !signature) {
    return false;
  }
  const auto header_json = parse_json_object_strict(*header);
  if (!header_json || header_json->contains("crit") || !header_json->contains("alg") ||
      (*header_json)["alg"] != to_string(key.algorithm())) {
    return false;
  }
  const std::string signing_input = parts[0] + "." + parts[1];
  return verify_jws(key, signing_input, *signature).has_value();
}

// The algorithm the key is configured for: the JWK's `alg` (a key bound to one algorithm, as a
// restjwt Key is), else the one the token names (the groups whose keys have no `alg`).
Algorithm configured_algorithm(const nlohmann::json& jwk, int id, const std::string& named) {
  std::string alg = jwk.value("alg", named);
  if (alg == "ES521") {
    alg = "ES512";  // the file's name for the P-521 key of RFC 7520 §4.3; not a JOSE name
  }
  if (id == 346 || id == 350) {
    alg = "PS384";  // RFC 7520 §4.2 (Figure 20) is PS384; the file's JWK says PS256
  }
  return algorithm_from_name(alg).value_or(algorithms_for(jwk.value("kty", "")).front());
}

TEST(WycheproofJws, AcceptsOnlyValidCompactTokensForTheConfiguredAlgorithm) {
  const auto doc = test::load_wycheproof("json_web_signature_test.json");
  int checked = 0;
  int accepted = 0;
  for (const auto& group : doc["testGroups"]) {
    const auto& jwk = group.contains("public") ? group["public"] : group["private"];
    const auto pem = jwk.value("kty", "") == "oct" ? std::nullopt
                                                   : test::jwk_to_pem(jwk, test::JwkPart::kPublic);
    for (const auto& tc : group["tests"]) {
      ++checked;
      const int id = tc["tcId"].get<int>();
      const std::string jws =
          tc["jws"].is_string() ? tc["jws"].get<std::string>() : tc["jws"].dump();
      SCOPED_TRACE("tcId " + std::to_string(id) + ": " + tc["comment"].get<std::string>());
      bool expected = tc["result"] == "valid";
      std::string why = "as the file says";
      if (const auto decision = kDecisions.find(id); decision != kDecisions.end()) {
        expected = decision->second.first;
        why = decision->second.second;
      }
      const auto header = base64url_decode(jws.substr(0, jws.find('.')));
      const auto header_json = header ? parse_json_object_strict(*header) : std::nullopt;
      const std::string named = header_json ? header_json->value("alg", "") : "";
      const Algorithm configured = configured_algorithm(jwk, id, named);
      for (const Algorithm algorithm : algorithms_for(jwk.value("kty", ""))) {
        const auto key = load(jwk, pem, algorithm);
        if (!key) {
          EXPECT_NE(algorithm, configured) << "the configured key must load";
          continue;
        }
        const bool verdict = compact_jws_verifies(*key, jws);
        if (algorithm == configured) {
          EXPECT_EQ(verdict, expected) << to_string(algorithm) << ": " << why;
          accepted += verdict ? 1 : 0;
        } else if (named != to_string(algorithm)) {
          EXPECT_FALSE(verdict) << "a key configured for " << to_string(algorithm)
                                << " accepted a token naming " << named;
        }
        ClaimRules rules;
        rules.verify_expiration = false;
        const TokenVerifier verifier(*key, rules, fixed_clock(0));
        EXPECT_FALSE(verifier.verify(jws).has_value()) << "no case carries a JWT claim set";
      }
    }
  }
  EXPECT_EQ(checked, doc["numberOfTests"].get<int>());
  // The file's 46 valid cases, less 372/373, plus 367/370 and 353–356.
  EXPECT_EQ(accepted, 46 - 2 + 2 + 4);
}

}  // namespace
}  // namespace restjwt
