// Published JWS examples, as data: RFC 7515 Appendix A, RFC 7520 §4 and RFC 8037 §A.4.
// Keys are the RFCs' JWKs, turned into PEM so they load through Key::from_pem like any key.
#include <ostream>
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

// RFC 7515 A.1–A.3 sign this JWT claim set: {"iss":"joe",CRLF "exp":1300819380,CRLF ...}.
constexpr const char* kRfc7515Claims =
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0"
    "cnVlfQ";
constexpr std::int64_t kRfc7515Exp = 1300819380;
// RFC 7520 §4 signs a sentence from The Lord of the Rings (not JSON: JWS level only).
constexpr const char* kRfc7520Payload =
    "SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAg"
    "b250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dp"
    "bmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4";

constexpr const char* kRfc7515A1Key = R"({"kty":"oct","k":
  "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"})";

constexpr const char* kRfc7515A2Key = R"({"kty":"RSA","e":"AQAB",
  "n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
  "d":"Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ",
  "p":"4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc",
  "q":"uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc",
  "dp":"BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-FOKnu1R6HsJeDCjn12Sk3vmAktV2zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0",
  "dq":"h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU",
  "qi":"IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U"})";

constexpr const char* kRfc7515A3Key = R"({"kty":"EC","crv":"P-256",
  "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
  "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
  "d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"})";

constexpr const char* kRfc7515A4Key = R"({"kty":"EC","crv":"P-521",
  "x":"AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk",
  "y":"ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2",
  "d":"AY5pb7A0UFiB3RELSD64fTLOSV_jazdF7fLYyuTw8lOfRhWg6Y6rUrPAxerEzgdRhajnu0ferB0d53vM9mE15j2C"})";

// RFC 7520 §3.4 (bilbo.baggins@hobbiton.example).
constexpr const char* kRfc7520RsaKey = R"({"kty":"RSA","e":"AQAB",
  "n":"n4EPtAOCc9AlkeQHPzHStgAbgs7bTZLwUBZdR8_KuKPEHLd4rHVTeT-O-XV2jRojdNhxJWTDvNd7nqQ0VEiZQHz_AJmSCpMaJMRBSFKrKb2wqVwGU_NsYOYL-QtiWN2lbzcEe6XC0dApr5ydQLrHqkHHig3RBordaZ6Aj-oBHqFEHYpPe7Tpe-OfVfHd1E6cS6M1FZcD1NNLYD5lFHpPI9bTwJlsde3uhGqC0ZCuEHg8lhzwOHrtIQbS0FVbb9k3-tVTU4fg_3L_vniUFAKwuCLqKnS2BYwdq_mzSnbLY7h_qixoR7jig3__kRhuaxwUkRz5iaiQkqgc5gHdrNP5zw",
  "d":"bWUC9B-EFRIo8kpGfh0ZuyGPvMNKvYWNtB_ikiH9k20eT-O1q_I78eiZkpXxXQ0UTEs2LsNRS-8uJbvQ-A1irkwMSMkK1J3XTGgdrhCku9gRldY7sNA_AKZGh-Q661_42rINLRCe8W-nZ34ui_qOfkLnK9QWDDqpaIsA-bMwWWSDFu2MUBYwkHTMEzLYGqOe04noqeq1hExBTHBOBdkMXiuFhUq1BU6l-DqEiWxqg82sXt2h-LMnT3046AOYJoRioz75tSUQfGCshWTBnP5uDjd18kKhyv07lhfSJdrPdM5Plyl21hsFf4L_mHCuoFau7gdsPfHPxxjVOcOpBrQzwQ",
  "p":"3Slxg_DwTXJcb6095RoXygQCAZ5RnAvZlno1yhHtnUex_fp7AZ_9nRaO7HX_-SFfGQeutao2TDjDAWU4Vupk8rw9JR0AzZ0N2fvuIAmr_WCsmGpeNqQnev1T7IyEsnh8UMt-n5CafhkikzhEsrmndH6LxOrvRJlsPp6Zv8bUq0k",
  "q":"uKE2dh-cTf6ERF4k4e_jy78GfPYUIaUyoSSJuBzp3Cubk3OCqs6grT8bR_cu0Dm1MZwWmtdqDyI95HrUeq3MP15vMMON8lHTeZu2lmKvwqW7anV5UzhM1iZ7z4yMkuUwFWoBvyY898EXvRD-hdqRxHlSqAZ192zB3pVFJ0s7pFc",
  "dp":"B8PVvXkvJrj2L-GYQ7v3y9r6Kw5g9SahXBwsWUzp19TVlgI-YV85q1NIb1rxQtD-IsXXR3-TanevuRPRt5OBOdiMGQp8pbt26gljYfKU_E9xn-RULHz0-ed9E9gXLKD4VGngpz-PfQ_q29pk5xWHoJp009Qf1HvChixRX59ehik",
  "dq":"CLDmDGduhylc9o7r84rEUVn7pzQ6PF83Y-iBZx5NT-TpnOZKF1pErAMVeKzFEl41DlHHqqBLSM0W1sOFbwTxYWZDm6sI6og5iTbwQGIC3gnJKbi_7k_vJgGHwHxgPaX2PnvP-zyEkDERuf-ry4c_Z11Cq9AqC2yeL6kdKT1cYF8",
  "qi":"3PiqvXQN0zwMeE-sBvZgi289XP9XCQF3VWqPzMKnIgQp7_Tugo6-NZBKCQsMf3HaEGBjTVJs_jcK8-TRXvaKe-7ZMaQj8VfBdYkssbu0NKDDhjJ-GtiseaDVWt7dcH0cfwxgFUHpQh7FoCrjFJ6h6ZEpMF6xmujs4qMpPz8aaI4"})";

// RFC 7520 §3.2.
constexpr const char* kRfc7520EcKey = R"({"kty":"EC","crv":"P-521",
  "x":"AHKZLLOsCOzz5cY97ewNUajB957y-C-U88c3v13nmGZx6sYl_oJXu9A5RkTKqjqvjyekWF-7ytDyRXYgCF5cj0Kt",
  "y":"AdymlHvOiLxXkEhayXQnNCvDX4h9htZaCJN34kfmC6pV5OhQHiraVySsUdaQkAgDPrwQrJmbnX9cwlGfP-HqHZR1",
  "d":"AAhRON2r9cqXX1hg-RoI6R1tX5p2rUAYdmpHZoC1XNM56KtscrX6zbKipQrCW9CGZH3T4ubpnoTKLDYJ_fF3_rJt"})";

// RFC 7520 §3.5.
constexpr const char* kRfc7520HmacKey =
    R"({"kty":"oct","k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"})";

// RFC 8037 §A.1.
constexpr const char* kRfc8037Key = R"({"kty":"OKP","crv":"Ed25519",
  "d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
  "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})";

struct RfcVector {
  const char* name;
  Algorithm algorithm;
  const char* jwk;
  const char* header;     // encoded, as published
  const char* payload;    // encoded, as published
  const char* signature;  // encoded, as published
  bool deterministic;     // HMAC, RSA PKCS#1 v1.5 and Ed25519 signatures can be reproduced
  bool is_jwt;            // the payload is the RFC 7515 claim set (checked by TokenVerifier too)
};

const RfcVector kVectors[] = {
    {"Rfc7515A1HS256", Algorithm::kHS256, kRfc7515A1Key, "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9",
     kRfc7515Claims, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", true, true},
    {"Rfc7515A2RS256", Algorithm::kRS256, kRfc7515A2Key, "eyJhbGciOiJSUzI1NiJ9", kRfc7515Claims,
     "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W"
     "2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkS"
     "jtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnv"
     "Wh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw",
     true, true},
    {"Rfc7515A3ES256", Algorithm::kES256, kRfc7515A3Key, "eyJhbGciOiJFUzI1NiJ9", kRfc7515Claims,
     "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q",
     false, true},
    {"Rfc7515A4ES512", Algorithm::kES512, kRfc7515A4Key, "eyJhbGciOiJFUzUxMiJ9", "UGF5bG9hZA",
     "AdwMgeerwtHoh-l192l60hp9wAHZFVJbLfD_UxMi70cwnZOYaRI1bKPWROc-mZZqwqT2SI-KGDKB34XO0aw_7Xdt"
     "AG8GaSwFKdCAPZgoXD2YBJZCPEX3xKpRwcdOO8KpEHwJjyqOgzDO7iKvU8vcnwNrmxYbSW9ERBXukOXolLzeO_Jn",
     false, false},
    {"Rfc7520S41RS256", Algorithm::kRS256, kRfc7520RsaKey,
     "eyJhbGciOiJSUzI1NiIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9", kRfc7520Payload,
     "MRjdkly7_-oTPTS3AXP41iQIGKa80A0ZmTuV5MEaHoxnW2e5CZ5NlKtainoFmKZopdHM1O2U4mwzJdQx996ivp83"
     "xuglII7PNDi84wnB-BDkoBwA78185hX-Es4JIwmDLJK3lfWRa-XtL0RnltuYv746iYTh_qHRD68BNt1uSNCrUCTJ"
     "Dt5aAE6x8wW1Kt9eRo4QPocSadnHXFxnt8Is9UzpERV0ePPQdLuW3IS_de3xyIrDaLGdjluPxUAhb6L2aXic1U12"
     "podGU0KLUQSE_oI-ZnmKJ3F4uOZDnd6QZWJushZ41Axf_fcIe8u9ipH84ogoree7vjbU5y18kDquDg",
     true, false},
    // RFC 7520 §4.2 is PS384 (its header says so); PSS is randomized: verify only.
    {"Rfc7520S42PS384", Algorithm::kPS384, kRfc7520RsaKey,
     "eyJhbGciOiJQUzM4NCIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9", kRfc7520Payload,
     "cu22eBqkYDKgIlTpzDXGvaFfz6WGoz7fUDcfT0kkOy42miAh2qyBzk1xEsnk2IpN6-tPid6VrklHkqsGqDqHCdP6"
     "O8TTB5dDDItllVo6_1OLPpcbUrhiUSMxbbXUvdvWXzg-UD8biiReQFlfz28zGWVsdiNAUf8ZnyPEgVFn442ZdNqi"
     "VJRmBqrYRXe8P_ijQ7p8Vdz0TTrxUeT3lm8d9shnr2lfJT8ImUjvAA2Xez2Mlp8cBE5awDzT0qI0n6uiP1aCN_2_"
     "jLAeQTlqRHtfa64QQSUmFAAjVKPbByi7xho0uTOcbH510a6GYmJUAfmWjwZ6oD4ifKo8DYM-X72Eaw",
     false, false},
    {"Rfc7520S43ES512", Algorithm::kES512, kRfc7520EcKey,
     "eyJhbGciOiJFUzUxMiIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9", kRfc7520Payload,
     "AE_R_YZCChjn4791jSQCrdPZCNYqHXCTZH0-JZGYNlaAjP2kqaluUIIUnC9qvbu9Plon7KRTzoNEuT4Va2cmL1eJ"
     "AQy3mtPBu_u_sDDyYjnAMDxXPn7XrT0lw-kvAD890jl8e2puQens_IEKBpHABlsbEPX6sFY8OcGDqoRuBomu9xQ2",
     false, false},
    {"Rfc7520S44HS256", Algorithm::kHS256, kRfc7520HmacKey,
     "eyJhbGciOiJIUzI1NiIsImtpZCI6IjAxOGMwYWU1LTRkOWItNDcxYi1iZmQ2LWVlZjMxNGJjNzAzNyJ9",
     kRfc7520Payload, "s0h6KThzkfBBBkLspW1h84VsJZFTsPPqMDA7g1Md7p0", true, false},
    {"Rfc8037A4EdDSA", Algorithm::kEdDSA, kRfc8037Key, "eyJhbGciOiJFZERTQSJ9",
     "RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc",
     "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg", true,
     false},
};

void PrintTo(const RfcVector& v, std::ostream* out) { *out << v.name; }

std::string signing_input(const RfcVector& v) { return std::string(v.header) + "." + v.payload; }

std::string token(const RfcVector& v) { return signing_input(v) + "." + v.signature; }

// The verification key: the HMAC secret, or the public half only (a verifier never needs more).
Key key_for(const RfcVector& v, test::JwkPart part) {
  const auto jwk = nlohmann::json::parse(v.jwk);
  if (is_hmac(v.algorithm)) {
    return test::must_load_secret(v.algorithm,
                                  base64url_decode(jwk["k"].get<std::string>()).value());
  }
  const auto pem = test::jwk_to_pem(jwk, part);
  EXPECT_TRUE(pem.has_value()) << v.name;
  return test::must_load_pem(v.algorithm, pem.value_or(""));
}

class RfcVectorTest : public ::testing::TestWithParam<RfcVector> {};

TEST_P(RfcVectorTest, VerifiesWithThePublishedKey) {
  const auto& v = GetParam();
  const auto key = key_for(v, test::JwkPart::kPublic);
  const auto ok = verify_jws(key, signing_input(v), base64url_decode(v.signature).value());
  EXPECT_TRUE(ok.has_value()) << to_string(ok.error());
}

TEST_P(RfcVectorTest, SignsWhatVerifiesAndReproducesDeterministicSignatures) {
  const auto& v = GetParam();
  const auto key = key_for(v, test::JwkPart::kPrivate);
  const auto signature = sign_jws(key, signing_input(v));
  ASSERT_TRUE(signature.has_value()) << to_string(signature.error());
  if (v.deterministic) {
    EXPECT_EQ(base64url_encode(*signature), v.signature);
  }
  EXPECT_TRUE(verify_jws(key_for(v, test::JwkPart::kPublic), signing_input(v), *signature));
}

TEST_P(RfcVectorTest, JwtVectorsPassTokenVerifierAndOthersAreNotClaimSets) {
  const auto& v = GetParam();
  const TokenVerifier verifier(key_for(v, test::JwkPart::kPublic), {}, fixed_clock(kRfc7515Exp));
  const auto claims = verifier.verify(token(v));
  if (!v.is_jwt) {
    // Signed correctly, but "Payload" or a sentence is not a JWT claim set (wire contract §5.4).
    ASSERT_FALSE(claims.has_value());
    EXPECT_EQ(claims.error(), ErrorCode::kPayloadInvalid);
    return;
  }
  ASSERT_TRUE(claims.has_value()) << to_string(claims.error());
  EXPECT_EQ((*claims)["iss"], "joe");
  EXPECT_EQ((*claims)["exp"], kRfc7515Exp);
  EXPECT_EQ((*claims)["http://example.com/is_root"], true);
  const TokenVerifier later(key_for(v, test::JwkPart::kPublic), {}, fixed_clock(kRfc7515Exp + 1));
  EXPECT_EQ(later.verify(token(v)).error(), ErrorCode::kSignatureExpired);
}

INSTANTIATE_TEST_SUITE_P(Published, RfcVectorTest, ::testing::ValuesIn(kVectors),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

// RFC 7515 A.5: an unsecured JWS ("alg":"none", empty signature) is never accepted, whatever
// key is configured (§5.2).
TEST(Rfc7515A5, UnsecuredJwsIsRejectedAsAlgorithmNotAllowed) {
  const std::string unsecured = std::string("eyJhbGciOiJub25lIn0.") + kRfc7515Claims + ".";
  for (const auto* v : {&kVectors[0], &kVectors[1], &kVectors[2]}) {
    const TokenVerifier verifier(key_for(*v, test::JwkPart::kPublic), {}, fixed_clock(kRfc7515Exp));
    const auto claims = verifier.verify(unsecured);
    ASSERT_FALSE(claims.has_value()) << v->name;
    EXPECT_EQ(claims.error(), ErrorCode::kAlgorithmNotAllowed) << v->name;
    EXPECT_EQ(error_class(claims.error()), ErrorClass::kOther);
  }
}

}  // namespace
}  // namespace restjwt
