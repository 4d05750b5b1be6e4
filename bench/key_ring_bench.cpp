// The key ring's cost on the token check (docs/keys.md): the same HS256 drf-jwt token checked with
// the static JWT_SECRET_KEY and with a ring of three keys (active, next, retired), through
// TokenVerifier alone and through Application::handle (verify, protected route); and the JWKS
// document the ring serves. Run side by side, alternately:
//
//   build/bench/key_ring_bench --benchmark_repetitions=10 --benchmark_report_aggregates_only
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "bench_users.hpp"
#include "restjwt/directory_key_store.hpp"
#include "restjwt/key_ring.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "restjwt/views.hpp"

namespace {

using namespace restjwt;

constexpr std::int64_t kNow = 1800000000;
constexpr const char* kPayload =
    R"({"user_id":1,"username":"bench","exp":1800003600,"email":"bench@example.com",)"
    R"("orig_iat":1800000000})";

using bench::must;

std::string temp_path(const std::string& name) {
  return bench::temp_path("key-ring-bench-" + name);
}

// A ring of an active, a next and a retired key (the retired one listed last).
std::shared_ptr<KeyRing> three_key_ring(Algorithm algorithm) {
  const std::string dir = temp_path(std::string(to_string(algorithm)));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::shared_ptr<KeyStore> store = must(open_directory_key_store(dir), "key store");
  auto retired = must(make_stored_key(algorithm, KeyState::kRetired, kNow - 60, ""), "key");
  retired.retired_at = kNow - 10;
  (void)store->insert(retired);
  (void)store->insert(must(make_stored_key(algorithm, KeyState::kActive, kNow - 10, ""), "key"));
  (void)store->insert(must(make_stored_key(algorithm, KeyState::kNext, kNow, ""), "key"));
  KeyRingOptions options;
  options.algorithm = algorithm;
  options.token_lifetime = std::chrono::hours(1);
  return must(KeyRing::open(store, options, fixed_clock(kNow)), "key ring");
}

struct World {
  std::unique_ptr<SqliteUserStore> store;
  PasswordHashers hashers;
  std::unique_ptr<Application> app;
  std::string token;
};

// An Application over a SQLite user table, with the key ring or JWT_SECRET_KEY.
World make_world(std::shared_ptr<KeyRing> ring, const std::string& name) {
  auto users = bench::bench_users("key-ring-bench-" + name);
  World world{std::move(users.store), std::move(users.hashers), nullptr, {}};
  ApplicationOptions options;
  options.settings.secret_key = std::string(48, 'k');
  options.settings.expiration_delta = std::chrono::hours(1);
  options.clock = fixed_clock(kNow);
  options.key_ring = std::move(ring);
  world.app = must(Application::create(std::move(options), *world.store, world.hashers), "app");
  const Claims payload = *parse_json_object_strict(kPayload);
  world.token = must(world.app->token_checker()->sign(payload, User{}), "token");
  return world;
}

World& static_world() {
  static World world = make_world(nullptr, "static");
  return world;
}

World& ring_world() {
  static World world = make_world(three_key_ring(Algorithm::kHS256), "ring");
  return world;
}

void BM_VerifyToken(benchmark::State& state, bool ring) {
  const World& world = ring ? ring_world() : static_world();
  const TokenChecker& checker = *world.app->token_checker();
  for (auto _ : state) benchmark::DoNotOptimize(checker.check(world.token));
}
BENCHMARK_CAPTURE(BM_VerifyToken, static_key, false);
BENCHMARK_CAPTURE(BM_VerifyToken, key_ring, true);

HttpRequest request_for(const World& world, bool protected_route) {
  HttpRequest request;
  request.client_address = "127.0.0.1";
  if (protected_route) {
    request.method = "GET";
    request.target = "/api/user/";
    request.headers = {{"Host", "127.0.0.1"}, {"Authorization", "JWT " + world.token}};
  } else {
    request.method = "POST";
    request.target = "/api-token-verify/";
    request.headers = {{"Host", "127.0.0.1"}, {"Content-Type", "application/json"}};
    request.body = R"({"token":")" + world.token + R"("})";
  }
  return request;
}

void BM_HandleVerify(benchmark::State& state, bool ring) {
  const World& world = ring ? ring_world() : static_world();
  const HttpRequest request = request_for(world, false);
  for (auto _ : state) benchmark::DoNotOptimize(world.app->handle(request));
}
BENCHMARK_CAPTURE(BM_HandleVerify, static_key, false);
BENCHMARK_CAPTURE(BM_HandleVerify, key_ring, true);

void BM_HandleProtected(benchmark::State& state, bool ring) {
  const World& world = ring ? ring_world() : static_world();
  const HttpRequest request = request_for(world, true);
  for (auto _ : state) benchmark::DoNotOptimize(world.app->handle(request));
}
BENCHMARK_CAPTURE(BM_HandleProtected, static_key, false);
BENCHMARK_CAPTURE(BM_HandleProtected, key_ring, true);

// The public keys of three RS256 keys.
void BM_HandleJwks(benchmark::State& state) {
  static World world = make_world(three_key_ring(Algorithm::kRS256), "jwks");
  HttpRequest request;
  request.method = "GET";
  request.target = "/.well-known/jwks.json";
  request.headers = {{"Host", "127.0.0.1"}};
  state.SetLabel(std::to_string(world.app->handle(request).body.size()) + "-byte JWKS");
  for (auto _ : state) benchmark::DoNotOptimize(world.app->handle(request));
}
BENCHMARK(BM_HandleJwks);

}  // namespace
