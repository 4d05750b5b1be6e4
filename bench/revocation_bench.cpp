// What revocation (JWT_TOKEN_ID, docs/sessions.md) costs the token check: the same HS256 token
// (with a jti) checked by TokenChecker::check with revocation off, on with an empty denylist, and
// on with 10,000 revoked token ids and 1,000 users' cut-offs in the cache (other users', so the
// token passes: the cost of the lookups, not of a refusal); and through Application::handle on
// the protected route. The cache is warm: a check reads no revocation table. Run side by side:
//
//   build/bench/revocation_bench --benchmark_repetitions=10 --benchmark_report_aggregates_only
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "bench_users.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/sqlite_revocation_store.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "restjwt/views.hpp"

namespace {

using namespace restjwt;

constexpr std::int64_t kNow = 1800000000;
constexpr const char* kPayload =
    R"({"user_id":1,"username":"bench","exp":1800003600,"email":"bench@example.com",)"
    R"("orig_iat":1800000000,"jti":"3f0c5d2e-8a7b-4c1d-9e2f-0123456789ab"})";

using bench::must;

enum class Mode { kOff, kEmpty, kFull };

struct World {
  std::unique_ptr<SqliteUserStore> store;
  std::unique_ptr<RevocationStore> revocations;
  PasswordHashers hashers;
  std::unique_ptr<Application> app;
  std::string token;
};

World make_world(Mode mode, const std::string& name) {
  auto users = bench::bench_users("revocation-bench-" + name);
  World world{
      std::move(users.store),
      must(open_sqlite_revocation_store(users.file, std::chrono::seconds(5)), "revocations"),
      std::move(users.hashers),
      nullptr,
      {}};
  if (mode == Mode::kFull) {
    for (int i = 0; i < 10'000; ++i) {
      (void)world.revocations->revoke("revoked-" + std::to_string(i), kNow + 3600, kNow - 10);
    }
    for (int i = 0; i < 1'000; ++i) {
      (void)world.revocations->set_cutoff(std::to_string(1000 + i), kNow - 10);
    }
  }
  ApplicationOptions options;
  options.settings.secret_key = std::string(48, 'k');
  options.settings.expiration_delta = std::chrono::hours(1);
  options.settings.allow_refresh = true;
  options.settings.token_id = mode == Mode::kOff ? TokenId::kOff : TokenId::kInclude;
  options.revocation_store = world.revocations.get();
  options.clock = fixed_clock(kNow);
  world.app = must(Application::create(std::move(options), *world.store, world.hashers), "app");
  const Claims payload = *parse_json_object_strict(kPayload);
  world.token = must(world.app->token_checker()->sign(payload, User{}), "token");
  return world;
}

World& world_for(Mode mode) {
  static World off = make_world(Mode::kOff, "off");
  static World empty = make_world(Mode::kEmpty, "empty");
  static World full = make_world(Mode::kFull, "full");
  return mode == Mode::kOff ? off : mode == Mode::kEmpty ? empty : full;
}

void BM_CheckToken(benchmark::State& state, Mode mode) {
  const World& world = world_for(mode);
  const TokenChecker& checker = *world.app->token_checker();
  if (!checker.check(world.token)) {
    state.SkipWithError("the token was refused");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(checker.check(world.token));
}
BENCHMARK_CAPTURE(BM_CheckToken, revocation_off, Mode::kOff);
BENCHMARK_CAPTURE(BM_CheckToken, revocation_on_empty, Mode::kEmpty);
BENCHMARK_CAPTURE(BM_CheckToken, revocation_on_10k_ids_1k_cutoffs, Mode::kFull);

void BM_HandleProtected(benchmark::State& state, Mode mode) {
  const World& world = world_for(mode);
  HttpRequest request;
  request.client_address = "127.0.0.1";
  request.method = "GET";
  request.target = "/api/user/";
  request.headers = {{"Host", "127.0.0.1"}, {"Authorization", "JWT " + world.token}};
  if (world.app->handle(request).status != 200) {
    state.SkipWithError("the token was refused");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(world.app->handle(request));
}
BENCHMARK_CAPTURE(BM_HandleProtected, revocation_off, Mode::kOff);
BENCHMARK_CAPTURE(BM_HandleProtected, revocation_on_empty, Mode::kEmpty);
BENCHMARK_CAPTURE(BM_HandleProtected, revocation_on_10k_ids_1k_cutoffs, Mode::kFull);

}  // namespace
