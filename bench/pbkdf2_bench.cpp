// PBKDF2-HMAC-SHA256, the whole cost of a login (Django 5.2: 1,000,000 iterations):
//   Restjwt:   restjwt's compression-function PBKDF2 (src/hashers/pbkdf2.cpp)
//   OpenSsl:   PKCS5_PBKDF2_HMAC, one EVP HMAC round-trip per iteration
//   Bound:     2 × iterations SHA256_Transform calls, chained; no PBKDF2 can beat it with
//              OpenSSL's SHA-256 (each iteration needs an inner and an outer compression)
// Run a Release build: ./bench/pbkdf2_bench --benchmark_min_time=2
// OpenSSL 3 deprecates SHA256_Transform, but it is the very thing measured here.
#define OPENSSL_SUPPRESS_DEPRECATED

#include <array>
#include <string_view>

#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "hashers/pbkdf2.hpp"

namespace {

constexpr std::string_view kPassword = "correct horse battery staple";
constexpr std::string_view kSalt = "abcdefghijklmnopqrstuv";  // Django's 22-character salt

void BM_Pbkdf2Sha256_Restjwt(benchmark::State& state) {
  const auto iterations = static_cast<std::uint64_t>(state.range(0));
  std::array<unsigned char, 32> out{};
  for (auto _ : state) {
    restjwt::detail::pbkdf2_hmac(restjwt::detail::Pbkdf2Digest::kSha256, kPassword, kSalt,
                                 iterations, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["iterations/s"] = benchmark::Counter(
      static_cast<double>(iterations), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Pbkdf2Sha256_OpenSsl(benchmark::State& state) {
  const auto iterations = static_cast<int>(state.range(0));
  std::array<unsigned char, 32> out{};
  for (auto _ : state) {
    PKCS5_PBKDF2_HMAC(kPassword.data(), static_cast<int>(kPassword.size()),
                      reinterpret_cast<const unsigned char*>(kSalt.data()),
                      static_cast<int>(kSalt.size()), iterations, EVP_sha256(),
                      static_cast<int>(out.size()), out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["iterations/s"] = benchmark::Counter(
      static_cast<double>(iterations), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Pbkdf2Sha256_Bound(benchmark::State& state) {
  const auto compressions = 2 * static_cast<std::uint64_t>(state.range(0));
  std::array<unsigned char, 64> block{};
  block[32] = 0x80;
  block[62] = 0x03;  // the padding of a 96-byte message, as in PBKDF2's inner and outer hashes
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < compressions; ++i) SHA256_Transform(&ctx, block.data());
    benchmark::DoNotOptimize(ctx.h[0]);
  }
  state.counters["iterations/s"] = benchmark::Counter(
      static_cast<double>(compressions / 2), benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_Pbkdf2Sha256_Restjwt)->Arg(10000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Pbkdf2Sha256_OpenSsl)->Arg(10000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Pbkdf2Sha256_Bound)->Arg(10000)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace
