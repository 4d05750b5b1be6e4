// JOSE core micro benchmarks: sign and verify for every algorithm, the whole TokenVerifier path
// for a drf-jwt HS256 token, and the raw HMAC-SHA256 of the same signing input for comparison
// (the goal: verifying an HS256 token should cost little more than its HMAC).
//
//   build-release/bench/jose_bench --benchmark_min_time=0.5
#include <array>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include "restjwt/base64url.hpp"
#include "restjwt/jws.hpp"
#include "restjwt/jwt.hpp"

namespace restjwt {
namespace {

constexpr std::int64_t kNow = 1795870507;
constexpr const char* kSecret = "bench-secret-bench-secret-bench-secret!!";
// A drf-jwt payload (wire contract §4) with JWT_ALLOW_REFRESH; its HS256 token is ~190 bytes.
constexpr const char* kPayload =
    R"({"user_id":42,"username":"jpueblo","exp":1795874107,"email":"jpueblo@example.com",)"
    R"("orig_iat":1795870507})";

Key must(Expected<Key, std::string> key) {
  if (!key) {
    std::cerr << "bench key: " << key.error() << "\n";
    std::abort();
  }
  return *key;
}

std::string generated_pem(Algorithm algorithm) {
  EVP_PKEY* key = nullptr;
  switch (algorithm) {
    case Algorithm::kES256:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
      break;
    case Algorithm::kES384:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
      break;
    case Algorithm::kES512:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-521");
      break;
    case Algorithm::kEdDSA:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
      break;
    default:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048});
      break;
  }
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  EVP_PKEY_free(key);
  return pem;
}

// One private key per algorithm family, generated once (RSA 2048 is shared by RS* and PS*).
const Key& signing_key(Algorithm algorithm) {
  static std::map<Algorithm, Key> keys;
  static std::map<std::string, std::string> pems;
  if (const auto found = keys.find(algorithm); found != keys.end()) {
    return found->second;
  }
  if (is_hmac(algorithm)) {
    return keys.emplace(algorithm, must(Key::hmac_secret(algorithm, kSecret))).first->second;
  }
  const bool rsa = !(algorithm == Algorithm::kES256 || algorithm == Algorithm::kES384 ||
                     algorithm == Algorithm::kES512 || algorithm == Algorithm::kEdDSA);
  const std::string family = rsa ? "RSA" : std::string(to_string(algorithm));
  if (!pems.contains(family)) {
    pems[family] = generated_pem(algorithm);
  }
  return keys.emplace(algorithm, must(Key::from_pem(algorithm, pems[family]))).first->second;
}

std::string signing_input(Algorithm algorithm) {
  const std::string header = R"({"typ":"JWT","alg":")" + std::string(to_string(algorithm)) + "\"}";
  return base64url_encode(header) + "." + base64url_encode(kPayload);
}

void BM_Sign(benchmark::State& state, Algorithm algorithm) {
  const Key& key = signing_key(algorithm);
  const std::string input = signing_input(algorithm);
  for (auto _ : state) {
    auto signature = sign_jws(key, input);
    benchmark::DoNotOptimize(signature);
  }
}

void BM_Verify(benchmark::State& state, Algorithm algorithm) {
  const Key& key = signing_key(algorithm);
  const std::string input = signing_input(algorithm);
  const std::string signature = sign_jws(key, input).value();
  for (auto _ : state) {
    auto ok = verify_jws(key, input, signature);
    benchmark::DoNotOptimize(ok);
  }
}

#define RESTJWT_BENCH_ALGORITHM(name)                   \
  BENCHMARK_CAPTURE(BM_Sign, name, Algorithm::k##name); \
  BENCHMARK_CAPTURE(BM_Verify, name, Algorithm::k##name)

RESTJWT_BENCH_ALGORITHM(HS256);
RESTJWT_BENCH_ALGORITHM(HS384);
RESTJWT_BENCH_ALGORITHM(HS512);
RESTJWT_BENCH_ALGORITHM(RS256);
RESTJWT_BENCH_ALGORITHM(RS384);
RESTJWT_BENCH_ALGORITHM(RS512);
RESTJWT_BENCH_ALGORITHM(PS256);
RESTJWT_BENCH_ALGORITHM(PS384);
RESTJWT_BENCH_ALGORITHM(PS512);
RESTJWT_BENCH_ALGORITHM(ES256);
RESTJWT_BENCH_ALGORITHM(ES384);
RESTJWT_BENCH_ALGORITHM(ES512);
RESTJWT_BENCH_ALGORITHM(EdDSA);

const std::string& drf_token() {
  static const std::string token =
      encode_jwt(signing_key(Algorithm::kHS256), *parse_json_object_strict(kPayload)).value();
  return token;
}

// All of wire contract §5: split, strict base64url, header and payload JSON, HMAC, claims.
void BM_VerifyDrfJwtToken_HS256(benchmark::State& state) {
  const TokenVerifier verifier(signing_key(Algorithm::kHS256), {}, fixed_clock(kNow));
  const std::string& token = drf_token();
  state.SetLabel(std::to_string(token.size()) + "-byte token");
  for (auto _ : state) {
    auto claims = verifier.verify(token);
    benchmark::DoNotOptimize(claims);
  }
}
BENCHMARK(BM_VerifyDrfJwtToken_HS256);

void BM_EncodeDrfJwtToken_HS256(benchmark::State& state) {
  const Key& key = signing_key(Algorithm::kHS256);
  const auto payload = *parse_json_object_strict(kPayload);
  for (auto _ : state) {
    auto token = encode_jwt(key, payload);
    benchmark::DoNotOptimize(token);
  }
}
BENCHMARK(BM_EncodeDrfJwtToken_HS256);

// The parts of the verify path, to see where its time goes.
void BM_ParseDrfJwtPayloadStrict(benchmark::State& state) {
  const std::string payload = kPayload;
  for (auto _ : state) {
    auto claims = parse_json_object_strict(payload);
    benchmark::DoNotOptimize(claims);
  }
}
BENCHMARK(BM_ParseDrfJwtPayloadStrict);

void BM_ParseHeaderStrict(benchmark::State& state) {
  const std::string header = R"({"typ":"JWT","alg":"HS256"})";
  for (auto _ : state) {
    auto parsed = parse_json_object_strict(header);
    benchmark::DoNotOptimize(parsed);
  }
}
BENCHMARK(BM_ParseHeaderStrict);

void BM_ParseDrfJwtPayloadNlohmannPlain(benchmark::State& state) {
  const std::string payload = kPayload;
  for (auto _ : state) {
    auto claims = Claims::parse(payload, nullptr, /*allow_exceptions=*/false);
    benchmark::DoNotOptimize(claims);
  }
}
BENCHMARK(BM_ParseDrfJwtPayloadNlohmannPlain);

void BM_CheckClaims(benchmark::State& state) {
  const auto claims = *parse_json_object_strict(kPayload);
  const ClaimRules rules;
  for (auto _ : state) {
    auto ok = check_claims(claims, rules, kNow);
    benchmark::DoNotOptimize(ok);
  }
}
BENCHMARK(BM_CheckClaims);

void BM_Base64urlDecodeDrfJwtToken(benchmark::State& state) {
  const std::string& token = drf_token();
  std::array<std::uint8_t, 512> buffer{};
  for (auto _ : state) {
    auto written = base64url_decode(token.substr(0, token.find('.')), buffer);
    auto more = base64url_decode(
        token.substr(token.find('.') + 1, token.rfind('.') - token.find('.') - 1), buffer);
    benchmark::DoNotOptimize(written);
    benchmark::DoNotOptimize(more);
  }
}
BENCHMARK(BM_Base64urlDecodeDrfJwtToken);

// The floor: HMAC-SHA256 of the same signing input with a per-thread keyed EVP_MAC_CTX,
// re-initialised per message (what restjwt's HMAC does), and with one-shot HMAC() for contrast.
void BM_RawHmacSha256_EvpMacPerThread(benchmark::State& state) {
  const std::string& token = drf_token();
  const std::string input = token.substr(0, token.rfind('.'));
  state.SetLabel(std::to_string(input.size()) + " bytes");
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);  // keyed once: this benchmark thread's context
  std::array<OSSL_PARAM, 2> params{
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>("SHA256"), 0),
      OSSL_PARAM_construct_end()};
  EVP_MAC_init(ctx, reinterpret_cast<const unsigned char*>(kSecret),
               std::char_traits<char>::length(kSecret), params.data());
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  for (auto _ : state) {
    std::size_t length = 0;
    EVP_MAC_init(ctx, nullptr, 0, nullptr);
    EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(input.data()), input.size());
    EVP_MAC_final(ctx, out.data(), &length, out.size());
    benchmark::DoNotOptimize(out);
  }
  EVP_MAC_CTX_free(ctx);
  EVP_MAC_free(mac);
}
BENCHMARK(BM_RawHmacSha256_EvpMacPerThread);

void BM_RawHmacSha256_OneShot(benchmark::State& state) {
  const std::string& token = drf_token();
  const std::string input = token.substr(0, token.rfind('.'));
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  for (auto _ : state) {
    unsigned int length = 0;
    HMAC(EVP_sha256(), kSecret, static_cast<int>(std::char_traits<char>::length(kSecret)),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), out.data(), &length);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_RawHmacSha256_OneShot);

}  // namespace
}  // namespace restjwt
