// JWKs: RFC 7638's own thumbprint example; every algorithm's public JWK read back by restjwt and by
// PyJWT (jwt.algorithms.*.from_jwk), with thumbprints computed independently in Python; and the
// JWKs a key set must never get away with.
#include "restjwt/jwk.hpp"

#include <array>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "restjwt/base64url.hpp"
#include "restjwt/jws.hpp"
#include "restjwt/jwt.hpp"
#include "unit/jose/jwk_pem.hpp"
#include "unit/jose/test_support.hpp"

namespace restjwt {
namespace {

constexpr std::array<Algorithm, 10> kAsymmetric{
    Algorithm::kRS256, Algorithm::kRS384, Algorithm::kRS512, Algorithm::kPS256, Algorithm::kPS384,
    Algorithm::kPS512, Algorithm::kES256, Algorithm::kES384, Algorithm::kES512, Algorithm::kEdDSA};

Key private_key(Algorithm algorithm) {
  const auto text = generate_key_text(algorithm);
  EXPECT_TRUE(text.has_value()) << (text ? "" : text.error());
  return test::must_load_pem(algorithm, text.value());
}

TEST(JwkThumbprint, MatchesRfc7638Example) {
  // RFC 7638 §3.1.
  const nlohmann::json jwk = {
      {"kty", "RSA"},
      {"n",
       "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_"
       "BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_"
       "FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4v"
       "MQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"},
      {"e", "AQAB"},
      {"alg", "RS256"},
      {"kid", "2011-04-29"}};
  const auto key = key_from_jwk(jwk, Algorithm::kRS256);
  ASSERT_TRUE(key.has_value()) << key.error();
  EXPECT_EQ(jwk_thumbprint(*key), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  // The same key through PEM: the thumbprint is the key's, not its encoding's.
  const auto pem = test::jwk_to_pem(jwk, test::JwkPart::kPublic);
  ASSERT_TRUE(pem.has_value());
  EXPECT_EQ(jwk_thumbprint(test::must_load_pem(Algorithm::kRS256, *pem)),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
}

TEST(PublicJwk, RoundTripsAndVerifiesWhatThePrivateKeySigned) {
  for (const Algorithm algorithm : kAsymmetric) {
    SCOPED_TRACE(std::string(to_string(algorithm)));
    const Key key = private_key(algorithm);
    const auto text = public_jwk(key, "kid-1");
    ASSERT_TRUE(text.has_value());
    const auto jwk = nlohmann::json::parse(*text);
    EXPECT_EQ(jwk["use"], "sig");
    EXPECT_EQ(jwk["alg"], to_string(algorithm));
    EXPECT_EQ(jwk["kid"], "kid-1");
    EXPECT_FALSE(jwk.contains("d"));
    const auto back = key_from_jwk(jwk, algorithm);
    ASSERT_TRUE(back.has_value()) << back.error();
    EXPECT_FALSE(back->can_sign());
    EXPECT_EQ(jwk_thumbprint(*back), jwk_thumbprint(key));
    const auto signature = sign_jws(key, "header.payload");
    ASSERT_TRUE(signature.has_value());
    EXPECT_TRUE(verify_jws(*back, "header.payload", *signature).has_value());
  }
}

TEST(PublicJwk, HmacSecretsAreNeverPublished) {
  const Key secret = test::must_load_secret(Algorithm::kHS256, std::string(40, 's'));
  EXPECT_FALSE(public_jwk(secret, "k").has_value());
}

constexpr const char* kPythonCheck = R"PY(
import base64, hashlib, json, sys
from jwt import algorithms, api_jws

request = json.load(open(sys.argv[1]))
out = {}
for case in request:
    jwk = case["jwk"]
    alg = jwk["alg"]
    # PyJWT reads the JWK and verifies what restjwt signed with the private key.
    cls = {"RS": algorithms.RSAAlgorithm, "PS": algorithms.RSAPSSAlgorithm,
           "ES": algorithms.ECAlgorithm, "Ed": algorithms.OKPAlgorithm}[alg[:2]]
    key = cls.from_jwk(json.dumps(jwk))
    api_jws.PyJWS().decode(case["token"], key=key, algorithms=[alg])
    # RFC 7638 by hand, independently of restjwt.
    required = {"RSA": ["e", "kty", "n"], "EC": ["crv", "kty", "x", "y"],
                "OKP": ["crv", "kty", "x"]}[jwk["kty"]]
    text = json.dumps({k: jwk[k] for k in required}, separators=(",", ":"), sort_keys=True)
    digest = hashlib.sha256(text.encode()).digest()
    out[alg] = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
# An HMAC secret's thumbprint: {"k":…,"kty":"oct"}.
k = base64.urlsafe_b64encode(b"s" * 40).rstrip(b"=").decode()
text = json.dumps({"k": k, "kty": "oct"}, separators=(",", ":"), sort_keys=True)
out["HS256"] = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
json.dump(out, sys.stdout)
)PY";

TEST(PublicJwk, PyJwtReadsEveryAlgorithmAndAgreesOnTheThumbprint) {
  const test::TempDir dir;
  nlohmann::json request = nlohmann::json::array();
  std::map<std::string, std::string> thumbprints;
  for (const Algorithm algorithm : kAsymmetric) {
    const Key key = private_key(algorithm);
    const std::string kid = jwk_thumbprint(key);
    const auto token = encode_jwt(key, Claims{{"sub", "x"}}, kid);
    ASSERT_TRUE(token.has_value());
    request.push_back(
        {{"jwk", nlohmann::json::parse(public_jwk(key, kid).value())}, {"token", *token}});
    thumbprints[std::string(to_string(algorithm))] = kid;
  }
  thumbprints["HS256"] =
      jwk_thumbprint(test::must_load_secret(Algorithm::kHS256, std::string(40, 's')));
  test::write_file(dir.path() / "request.json", request.dump());
  test::write_file(dir.path() / "check.py", kPythonCheck);
  const auto output =
      test::run_python(dir.path() / "check.py", "'" + (dir.path() / "request.json").string() + "'");
  const auto python = nlohmann::json::parse(output);
  for (const auto& [alg, kid] : thumbprints) {
    EXPECT_EQ(python.value(alg, ""), kid) << alg;
  }
}

TEST(KeyFromJwk, RefusesWhatAPublicKeySetMustNotHold) {
  const Key rsa = private_key(Algorithm::kRS256);
  const auto good = nlohmann::json::parse(public_jwk(rsa, "k").value());
  const auto with = [&](const char* name, nlohmann::json value) {
    auto jwk = good;
    jwk[name] = std::move(value);
    return jwk;
  };
  EXPECT_TRUE(key_from_jwk(good, Algorithm::kRS256).has_value());
  EXPECT_FALSE(key_from_jwk(good, Algorithm::kES256).has_value()) << "kty does not fit";
  EXPECT_FALSE(key_from_jwk(good, Algorithm::kHS256).has_value()) << "never a secret";
  EXPECT_FALSE(key_from_jwk(good, Algorithm::kRS384).has_value()) << "alg says RS256";
  EXPECT_FALSE(key_from_jwk(with("use", "enc"), Algorithm::kRS256).has_value());
  EXPECT_FALSE(key_from_jwk(with("d", "AQAB"), Algorithm::kRS256).has_value());
  EXPECT_FALSE(key_from_jwk(with("n", "not base64url!"), Algorithm::kRS256).has_value());
  EXPECT_FALSE(key_from_jwk(with("kty", "oct"), Algorithm::kRS256).has_value());
  EXPECT_FALSE(key_from_jwk(nlohmann::json::array(), Algorithm::kRS256).has_value());
  // RSA below 2048 bits, refused as from PEM.
  auto short_n = good;
  short_n["n"] = good["n"].get<std::string>().substr(0, 171);  // 128 bytes: 1024 bits
  EXPECT_FALSE(key_from_jwk(short_n, Algorithm::kRS256).has_value());

  // A point off the curve (invalid-curve attacks) and the wrong curve.
  const Key ec = private_key(Algorithm::kES256);
  auto off_curve = nlohmann::json::parse(public_jwk(ec, "k").value());
  std::string y = base64url_decode(off_curve["y"].get<std::string>()).value();
  y.back() = static_cast<char>(y.back() ^ 1);
  off_curve["y"] = base64url_encode(y);
  EXPECT_FALSE(key_from_jwk(off_curve, Algorithm::kES256).has_value());
  auto other_curve = nlohmann::json::parse(public_jwk(ec, "k").value());
  other_curve["crv"] = "P-384";
  other_curve.erase("alg");
  EXPECT_FALSE(key_from_jwk(other_curve, Algorithm::kES384).has_value());
}

TEST(GenerateKeyText, GivesUsableKeysOfEveryAlgorithm) {
  for (const Algorithm algorithm : {Algorithm::kHS256, Algorithm::kHS512, Algorithm::kRS256,
                                    Algorithm::kES512, Algorithm::kEdDSA}) {
    SCOPED_TRACE(std::string(to_string(algorithm)));
    const auto first = generate_key_text(algorithm);
    const auto second = generate_key_text(algorithm);
    ASSERT_TRUE(first.has_value() && second.has_value());
    EXPECT_NE(*first, *second);
    const auto key = key_from_text(algorithm, *first);
    ASSERT_TRUE(key.has_value()) << key.error();
    EXPECT_TRUE(key->can_sign());
    EXPECT_EQ(public_key_pem(*key).empty(), is_hmac(algorithm));
  }
}

}  // namespace
}  // namespace restjwt
