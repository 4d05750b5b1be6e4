// Your own route, protected by restjwt: GET /api/hello/ answers {"hello": "<username>"} to a
// request carrying a valid `Authorization: JWT <token>`, and drf-jwt's 401 otherwise. The token
// routes are restjwt's own; everything runs on restjwt's server.
//
//   JWT_SECRET_KEY=… protect_my_api DATABASE_FILE [PORT_FILE]
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "restjwt/authenticator.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "restjwt/views.hpp"
#include "server.hpp"

namespace {

// An Application that adds one route in front of restjwt's.
class MyApi final : public restjwt::Application {
 public:
  MyApi(std::unique_ptr<restjwt::Application> tokens,
        std::unique_ptr<restjwt::JwtAuthenticator> auth)
      : tokens_(std::move(tokens)), auth_(std::move(auth)) {}

  restjwt::RequestCost cost(const restjwt::HttpRequest& request) const override {
    // Authentication reads the user table: keep it off the I/O threads.
    return request.path() == "/api/hello/" ? restjwt::RequestCost::kDatabase
                                           : tokens_->cost(request);
  }

  restjwt::HttpResponse handle(const restjwt::HttpRequest& request) const override {
    if (request.path() != "/api/hello/") return tokens_->handle(request);
    const auto result = auth_->authenticate(request);
    if (!result.authenticated()) return auth_->challenge(result, "GET");
    restjwt::HttpResponse response;
    response.headers.emplace_back("Content-Type", "application/json");
    response.body = nlohmann::json{{"hello", result.user->username}}.dump();
    return response;
  }

  restjwt::HttpResponse unavailable(const restjwt::HttpRequest& request) const override {
    return tokens_->unavailable(request);
  }

 private:
  std::unique_ptr<restjwt::Application> tokens_;
  std::unique_ptr<restjwt::JwtAuthenticator> auth_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: JWT_SECRET_KEY=… %s DATABASE_FILE [PORT_FILE]\n", argv[0]);
    return 2;
  }
  restjwt::SqliteStoreOptions store_options;
  store_options.path = argv[1];
  store_options.create_if_missing = true;
  auto store = restjwt::SqliteUserStore::open(store_options);
  auto settings = restjwt::load_settings("", restjwt::process_environment());
  auto hashers = restjwt::PasswordHashers::from_names({"pbkdf2_sha256"});
  if (!store || !settings || !hashers) {
    std::fprintf(stderr, "protect_my_api: cannot start (store, settings or hashers)\n");
    return 1;
  }
  restjwt::ApplicationOptions options;
  options.settings = *settings;
  auto tokens = restjwt::Application::create(options, **store, *hashers);
  auto auth = restjwt::JwtAuthenticator::create(*settings, **store);
  if (!tokens || !auth) {
    std::fprintf(stderr, "protect_my_api: %s\n",
                 !tokens ? tokens.error().c_str() : auth.error().c_str());
    return 1;
  }
  const MyApi api(std::move(*tokens), std::move(*auth));
  restjwt::ServerOptions server_options;
  server_options.bind.port = 0;
  auto server = restjwt::Server::start(server_options, api);
  if (!server) {
    std::fprintf(stderr, "protect_my_api: %s\n", server.error().c_str());
    return 1;
  }
  if (argc > 2) std::ofstream(argv[2]) << (*server)->local_address().port << "\n";
  std::printf("protect_my_api listening on %s\n", (*server)->local_address().to_string().c_str());
  std::fflush(stdout);
  (*server)->stop_on_signals();
  (*server)->wait();
  return 0;
}
