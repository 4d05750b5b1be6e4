// Interop with Debian's PyJWT (python3-jwt 2.6 over python3-cryptography), both ways, for every
// algorithm: the test makes the keys, restjwt signs a drf-jwt payload and PyJWT must verify and
// decode it to the same claims; PyJWT signs the same payload and restjwt must verify it.
// Debian's /usr/bin/python3 is run explicitly (the python3 on PATH may lack python3-jwt).
#include <array>
#include <map>
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/rand.h>

#include "restjwt/base64url.hpp"
#include "restjwt/jwt.hpp"
#include "unit/jose/test_support.hpp"

namespace restjwt {
namespace {

constexpr std::int64_t kNow = 1795870507;

// A drf-jwt payload (wire contract §4) with JWT_ALLOW_REFRESH, a non-ASCII and an astral username.
const char* const kPayload = R"({"user_id":42,"username":"jos\u00e9\ud83d\ude00","exp":1795874107,)"
                             R"("email":"jose@example.com","orig_iat":1795870507})";

constexpr std::array<Algorithm, 13> kAlgorithms{
    Algorithm::kHS256, Algorithm::kHS384, Algorithm::kHS512, Algorithm::kRS256, Algorithm::kRS384,
    Algorithm::kRS512, Algorithm::kPS256, Algorithm::kPS384, Algorithm::kPS512, Algorithm::kES256,
    Algorithm::kES384, Algorithm::kES512, Algorithm::kEdDSA};

// For each case: PyJWT signs with `signing_key`, verifies `restjwt_token` with `verifying_key`
// (a file path each), and reports its token, the claims it decoded and the header it read.
constexpr const char* kScript = R"PY(
import json, sys
import jwt

request = json.load(open(sys.argv[1], encoding="utf-8"))
out = {}
for case in request["cases"]:
    alg = case["alg"]
    signing_key = open(case["signing_key"], "rb").read()
    verifying_key = open(case["verifying_key"], "rb").read()
    token = jwt.encode(request["payload"], signing_key, algorithm=alg)
    # restjwt's tokens carry a fixed exp; the expiry rule is tested with fixed clocks elsewhere.
    decoded = jwt.decode(case["restjwt_token"], verifying_key, algorithms=[alg],
                         options={"verify_exp": False})
    out[alg] = {
        "pyjwt_token": token,
        "decoded": json.dumps(decoded, separators=(",", ":")),
        "header": jwt.get_unverified_header(case["restjwt_token"]),
    }
json.dump(out, sys.stdout)
)PY";

struct Interop {
  std::optional<Key> verifying_key;
  std::string restjwt_token;
  nlohmann::json pyjwt;  // {pyjwt_token, decoded, header}
};

std::string random_secret() {
  std::array<unsigned char, 48> bytes{};
  EXPECT_EQ(RAND_bytes(bytes.data(), static_cast<int>(bytes.size())), 1);
  return base64url_encode(std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

// One algorithm per python run: ctest runs each test in its own process, and the keys (RSA
// generation above all) cost more than python's start.
Interop run_interop(Algorithm algorithm) {
  Interop result;
  const test::TempDir dir;
  const std::string name(to_string(algorithm));
  const auto payload = parse_json_object_strict(kPayload).value();
  std::string signing_text;
  std::string verifying_text;
  if (is_hmac(algorithm)) {
    signing_text = verifying_text = random_secret();
    result.verifying_key = test::must_load_secret(algorithm, signing_text, 32);
  } else {
    signing_text = test::generate_private_pem(algorithm);
    verifying_text = test::public_pem_of(signing_text);
    result.verifying_key = test::must_load_pem(algorithm, verifying_text);
  }
  const Key signer =
      is_hmac(algorithm) ? *result.verifying_key : test::must_load_pem(algorithm, signing_text);
  result.restjwt_token = encode_jwt(signer, payload).value();
  test::write_file(dir.path() / "signing_key", signing_text);
  test::write_file(dir.path() / "verifying_key", verifying_text);
  const Claims request = {{"payload", payload},
                          {"cases",
                           {{{"alg", name},
                             {"signing_key", (dir.path() / "signing_key").string()},
                             {"verifying_key", (dir.path() / "verifying_key").string()},
                             {"restjwt_token", result.restjwt_token}}}}};
  test::write_file(dir.path() / "request.json", request.dump());
  test::write_file(dir.path() / "interop.py", kScript);
  const auto output = test::run_python(dir.path() / "interop.py",
                                       "'" + (dir.path() / "request.json").string() + "'");
  const auto all = nlohmann::json::parse(output, nullptr, /*allow_exceptions=*/false);
  if (!all.is_discarded() && all.contains(name)) {
    result.pyjwt = all[name];
  }
  return result;
}

const Interop& interop(Algorithm algorithm) {
  static std::map<Algorithm, Interop> done;  // gtest runs the tests of one process serially
  const auto found = done.find(algorithm);
  return found != done.end() ? found->second
                             : done.emplace(algorithm, run_interop(algorithm)).first->second;
}

class PyJwtInterop : public ::testing::TestWithParam<Algorithm> {
 protected:
  const Interop& result() { return interop(GetParam()); }
};

TEST_P(PyJwtInterop, RestjwtVerifiesPyJwtTokens) {
  const auto& pyjwt = result().pyjwt;
  ASSERT_TRUE(pyjwt.contains("pyjwt_token")) << "PyJWT produced no token";
  const auto token = pyjwt["pyjwt_token"].get<std::string>();
  const TokenVerifier verifier(*result().verifying_key, {}, fixed_clock(kNow));
  const auto claims = verifier.verify(token);
  ASSERT_TRUE(claims.has_value()) << to_string(claims.error());
  EXPECT_EQ(serialize_claims(*claims), kPayload);
  // Past the expiry second, PyJWT's token is expired for restjwt too.
  const TokenVerifier later(*result().verifying_key, {}, fixed_clock(1795874108));
  EXPECT_EQ(later.verify(token).error(), ErrorCode::kSignatureExpired);
}

TEST_P(PyJwtInterop, PyJwtVerifiesAndDecodesRestjwtTokens) {
  const auto& pyjwt = result().pyjwt;
  ASSERT_TRUE(pyjwt.contains("decoded")) << "PyJWT did not decode restjwt's token";
  // Same claims, same order: Python's json.dumps of what PyJWT decoded is restjwt's payload.
  EXPECT_EQ(pyjwt["decoded"].get<std::string>(), kPayload);
  const nlohmann::json expected_header = {{"typ", "JWT"}, {"alg", to_string(GetParam())}};
  EXPECT_EQ(pyjwt["header"], expected_header);
}

INSTANTIATE_TEST_SUITE_P(EveryAlgorithm, PyJwtInterop, ::testing::ValuesIn(kAlgorithms),
                         [](const auto& param_info) {
                           return std::string(to_string(param_info.param));
                         });

}  // namespace
}  // namespace restjwt
