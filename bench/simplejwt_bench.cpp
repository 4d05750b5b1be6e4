// [simplejwt]'s refresh through Application::handle on a SQLite file: without rotation (a read of
// the token's standing), with rotation, and with rotation and blacklist_after_rotation (one
// BEGIN IMMEDIATE transaction: the old token blacklisted, the new one recorded); and a Bearer
// access token on the protected route. No sockets.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "bench_users.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/sqlite_outstanding_tokens.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "restjwt/views.hpp"

namespace {

using namespace restjwt;

struct World {
  std::unique_ptr<SqliteUserStore> store;
  PasswordHashers hashers;
  std::unique_ptr<Application> app;
  std::string refresh;
  std::string access;
};

HttpRequest post(const std::string& target, const std::string& body) {
  HttpRequest request;
  request.method = "POST";
  request.target = target;
  request.headers.emplace_back("Content-Type", "application/json");
  request.body = body;
  return request;
}

std::unique_ptr<World> make_world(const std::string& name, bool rotate, bool blacklist) {
  auto users = bench::bench_users(name + "-bench");
  auto world = std::make_unique<World>(
      World{std::move(users.store), std::move(users.hashers), nullptr, {}, {}});
  ApplicationOptions options;
  options.settings.secret_key = std::string(48, 'k');
  SimpleJwtOptions simplejwt;
  simplejwt.rotate_refresh_tokens = rotate;
  simplejwt.blacklist_after_rotation = blacklist;
  simplejwt.outstanding =
      open_sqlite_outstanding_tokens(users.file, std::chrono::seconds(5)).value();
  options.simplejwt = simplejwt;
  world->app = Application::create(std::move(options), *world->store, world->hashers).value();
  const auto login = world->app->handle(
      post("/api/token/", R"({"username":"bench","password":"bench-password"})"));
  const auto body = nlohmann::json::parse(login.body);
  world->refresh = body["refresh"];
  world->access = body["access"];
  return world;
}

void refresh_loop(benchmark::State& state, World& world, bool rotate) {
  std::string refresh = world.refresh;
  for (auto _ : state) {
    const auto response =
        world.app->handle(post("/api/token/refresh/", R"({"refresh":")" + refresh + R"("})"));
    if (response.status != 200) {
      state.SkipWithError(response.body.c_str());
      break;
    }
    if (rotate) {
      // The next refresh presents the token this one answered, as a client does.
      const auto start = response.body.find(R"("refresh":")") + 11;
      refresh = response.body.substr(start, response.body.find('"', start) - start);
    }
  }
}

void BM_RefreshWithoutRotation(benchmark::State& state) {
  static auto world = make_world("pairs-plain", false, false);
  refresh_loop(state, *world, false);
}
BENCHMARK(BM_RefreshWithoutRotation);

void BM_RefreshWithRotation(benchmark::State& state) {
  static auto world = make_world("pairs-rotate", true, false);
  refresh_loop(state, *world, true);
}
BENCHMARK(BM_RefreshWithRotation);

void BM_RefreshWithRotationAndBlacklist(benchmark::State& state) {
  static auto world = make_world("pairs-blacklist", true, true);
  refresh_loop(state, *world, true);
}
BENCHMARK(BM_RefreshWithRotationAndBlacklist);

void BM_ProtectedRouteWithBearer(benchmark::State& state) {
  static auto world = make_world("pairs-bearer", false, false);
  HttpRequest request;
  request.method = "GET";
  request.target = "/api/user/";
  request.headers.emplace_back("Authorization", "Bearer " + world->access);
  for (auto _ : state) benchmark::DoNotOptimize(world->app->handle(request));
}
BENCHMARK(BM_ProtectedRouteWithBearer);

}  // namespace
