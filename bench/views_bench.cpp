// The Application's own share of a request: verify, refresh and the protected route
// through Application::handle (body parse, token check, SQLite user lookup, response build), and
// the body parse alone. No sockets: the load benchmark (scripts/bench) measures those.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>

#include "bench_users.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "restjwt/views.hpp"
#include "views/request_data.hpp"

namespace {

using namespace restjwt;

struct World {
  std::unique_ptr<SqliteUserStore> store;
  PasswordHashers hashers;
  std::unique_ptr<Application> app;
  std::string token;
};

World& world() {
  static World w = [] {
    auto users = bench::bench_users("views-bench");
    World made{std::move(users.store), std::move(users.hashers), nullptr, {}};
    ApplicationOptions options;
    options.settings.secret_key = std::string(48, 'k');
    options.settings.allow_refresh = true;
    options.settings.expiration_delta = std::chrono::hours(1);
    made.app = Application::create(std::move(options), *made.store, made.hashers).value();
    HttpRequest login;
    login.method = "POST";
    login.target = "/api-token-auth/";
    login.headers = {{"Content-Type", "application/json"}};
    login.body = R"({"username":"bench","password":"bench-password"})";
    const std::string body = made.app->handle(login).body;  // {"token":"…"}
    made.token = body.substr(10, body.size() - 12);
    return made;
  }();
  return w;
}

HttpRequest token_post(const char* target) {
  HttpRequest request;
  request.method = "POST";
  request.target = target;
  request.client_address = "127.0.0.1";
  request.headers = {{"Host", "127.0.0.1"}, {"Content-Type", "application/json"}};
  request.body = R"({"token":")" + world().token + R"("})";
  return request;
}

void BM_HandleVerify(benchmark::State& state) {
  const HttpRequest request = token_post("/api-token-verify/");
  for (auto _ : state) benchmark::DoNotOptimize(world().app->handle(request));
}
BENCHMARK(BM_HandleVerify);

void BM_HandleRefresh(benchmark::State& state) {
  const HttpRequest request = token_post("/api-token-refresh/");
  for (auto _ : state) benchmark::DoNotOptimize(world().app->handle(request));
}
BENCHMARK(BM_HandleRefresh);

void BM_HandleProtected(benchmark::State& state) {
  HttpRequest request;
  request.method = "GET";
  request.target = "/api/user/";
  request.client_address = "127.0.0.1";
  request.headers = {{"Host", "127.0.0.1"}, {"Authorization", "JWT " + world().token}};
  for (auto _ : state) benchmark::DoNotOptimize(world().app->handle(request));
}
BENCHMARK(BM_HandleProtected);

void BM_ParseJsonBody(benchmark::State& state) {
  const std::string body = token_post("/api-token-verify/").body;
  for (auto _ : state) benchmark::DoNotOptimize(detail::parse_json_body(body));
}
BENCHMARK(BM_ParseJsonBody);

// Each JSON body reader on the bodies clients send: the token body above, a login, a login with
// escapes and non-ASCII characters, one with a nested extra field (the plain reader of flat
// objects declines the last two).
std::string token_body() { return token_post("/api-token-verify/").body; }
std::string login_body() { return R"({"username":"alice","password":"s3cret pass"})"; }
std::string escaped_body() {
  return R"({"username":"jos\u00e9","password":"p\"w \u00fc\u00df \ud83d\ude00"})";
}
std::string nested_body() {
  return R"({"username":"alice","password":"s3cret pass","device":{"id":[1,2.5,"x"],"os":null}})";
}

template <typename Parse>
void BM_ParseBody(benchmark::State& state, Parse parse, std::string (*body_of)()) {
  const std::string body = body_of();
  for (auto _ : state) benchmark::DoNotOptimize(parse(body));
}
BENCHMARK_CAPTURE(BM_ParseBody, plain_token, detail::parse_plain_json_body, token_body);
BENCHMARK_CAPTURE(BM_ParseBody, general_token, detail::parse_general_json_body, token_body);
BENCHMARK_CAPTURE(BM_ParseBody, plain_login, detail::parse_plain_json_body, login_body);
BENCHMARK_CAPTURE(BM_ParseBody, general_login, detail::parse_general_json_body, login_body);
BENCHMARK_CAPTURE(BM_ParseBody, general_escaped, detail::parse_general_json_body, escaped_body);
BENCHMARK_CAPTURE(BM_ParseBody, general_nested, detail::parse_general_json_body, nested_body);

}  // namespace
