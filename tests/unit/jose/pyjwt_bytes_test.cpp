// restjwt's HS256 tokens are byte-identical to drf-jwt's with PyJWT 1.7 (wire contract §4).
//
// PyJWT 2 sorts header keys, so the expected bytes are built in Debian's python3 the way PyJWT
// 1.7 builds them: b64(json.dumps({"typ":"JWT","alg":"HS256"}, separators=(",",":"))) and
// b64(json.dumps(payload, separators=(",",":"))) — ensure_ascii, insertion order — then HMAC.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "restjwt/jwt.hpp"
#include "unit/jose/test_support.hpp"

namespace restjwt {
namespace {

constexpr const char* kSecret = "pyjwt-1.7-byte-compatibility-secret";

constexpr const char* kScript = R"PY(
import base64, hashlib, hmac, json, sys

def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=")

request = json.load(open(sys.argv[1], encoding="utf-8"))
secret = request["secret"].encode("utf-8")
header = b64(json.dumps({"typ": "JWT", "alg": "HS256"}, separators=(",", ":")).encode("utf-8"))
tokens = []
for payload in request["payloads"]:
    body = b64(json.dumps(payload, separators=(",", ":")).encode("utf-8"))
    signing_input = header + b"." + body
    signature = b64(hmac.new(secret, signing_input, hashlib.sha256).digest())
    tokens.append((signing_input + b"." + signature).decode("ascii"))
json.dump(tokens, sys.stdout)
)PY";

// drf-jwt payloads (§4) with the usernames and values that stress the JSON encoder.
std::vector<std::string> payloads() {
  const std::string base = R"({"user_id":7,"username":)";
  const std::string rest = R"(,"exp":1795874107,"email":"x@example.com","orig_iat":1795870507})";
  std::vector<std::string> out;
  for (const char* username : {
           R"("jpueblo")",
           R"("jos\u00e9")",                        // Latin-1
           R"("\u65e5\u672c\u8a9e")",               // CJK
           R"("\u0416\u0443\u0440\u0430")",         // Cyrillic
           R"("emoji\ud83d\ude00\ud834\udd1e")",    // astral plane: surrogate pairs
           R"("ctl\u0000\u0001\u001f\b\f\n\r\t")",  // control characters
           R"("del\u007f\u0080\u009f")",            // DEL and C1 controls
           R"("q\"b\\s/")",                         // quote, backslash, slash (not escaped)
           R"("\u2028\u2029\ufeff\uffff")",         // separators, BOM, noncharacter
           R"("")",
       }) {
    out.push_back(base + username + rest);
  }
  // Claims drf-jwt adds when configured, and the JSON types a custom payload handler may use.
  out.push_back(R"({"user_id":"0b7f2c4e-3a4d-4c8e-9a51-8d2f4c6b1e90","username":"u",)"
                R"("exp":1795874107,"aud":"api","iss":"https://issuer.example"})");
  out.push_back(R"({"user_id":-1,"username":"n","exp":0,"big":9007199254740993,)"
                R"("max":18446744073709551615,"min":-9223372036854775808,"t":true,"f":false,)"
                R"("z":null,"groups":["a","b"],"nested":{"k":[1,{"x":[]}],"e":{}}})");
  return out;
}

// Python's repr of floats: shortest round-trip digits, fixed notation from 1e-4 up to 1e16.
std::vector<std::string> float_payloads() {
  return {
      R"({"exp":1795874107.5})",
      R"({"x":0.1,"y":-2.5,"z":100.0})",
      R"({"x":1e15})",
      R"({"x":1e16})",
      R"({"x":123456789012345.6})",
      R"({"x":0.0001,"y":0.00001})",
      R"({"x":1e-7,"y":1.5e300})",
      R"({"x":5e-324,"y":1.7976931348623157e308})",
      R"({"x":-0.0})",
      R"({"a":9999999999999998.0,"b":1.0,"c":12345.678,"d":2.5e-5,"e":1e22,"f":0.001})",
      R"({"a":[0.5,[1.25e-10]],"b":{"c":6.02214076e23}})",
  };
}

std::vector<std::string> expected_tokens(const std::vector<std::string>& texts) {
  const test::TempDir dir;
  Claims request = {{"secret", kSecret}, {"payloads", Claims::array()}};
  for (const auto& text : texts) {
    request["payloads"].push_back(parse_json_object_strict(text).value());
  }
  test::write_file(dir.path() / "request.json", request.dump());
  test::write_file(dir.path() / "pyjwt17.py", kScript);
  const auto output = test::run_python(dir.path() / "pyjwt17.py",
                                       "'" + (dir.path() / "request.json").string() + "'");
  return nlohmann::json::parse(output).get<std::vector<std::string>>();
}

void expect_byte_identical(const std::vector<std::string>& texts) {
  const auto expected = expected_tokens(texts);
  ASSERT_EQ(expected.size(), texts.size());
  const auto key = test::must_load_secret(Algorithm::kHS256, kSecret, 32);
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const auto token = encode_jwt(key, parse_json_object_strict(texts[i]).value());
    ASSERT_TRUE(token.has_value());
    EXPECT_EQ(*token, expected[i]) << texts[i];
  }
}

TEST(JwtEncode, IsByteIdenticalToPyJwt17ForDrfJwtPayloads) { expect_byte_identical(payloads()); }

TEST(JwtEncode, WritesFloatsAsPythonDoes) { expect_byte_identical(float_payloads()); }

}  // namespace
}  // namespace restjwt
