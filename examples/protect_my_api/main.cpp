// Your own route, protected by restjwt: GET /api/hello/ answers {"hello": "<username>"} to a
// request carrying a valid `Authorization: JWT <token>`, and drf-jwt's 401 otherwise — with the
// same headers, 405, HEAD and OPTIONS answers as restjwt's own routes. The token routes are
// restjwt's; everything runs on restjwt's server.
//
//   JWT_SECRET_KEY=… protect_my_api DATABASE_FILE [PORT_FILE]
#include <cstdio>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "restjwt/config.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/protected_view.hpp"
#include "restjwt/responses.hpp"
#include "restjwt/server.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "restjwt/views.hpp"

namespace {

// The whole route: ProtectedView authenticates (401), checks CSRF for the cookie, answers OPTIONS
// and 405; respond() only runs for an authenticated GET (or HEAD).
class HelloView final : public restjwt::ProtectedView {
 public:
  explicit HelloView(std::shared_ptr<const restjwt::JwtAuthenticator> authenticator)
      : ProtectedView(std::move(authenticator),
                      {"Hello", "Greets the authenticated user.", {"GET"}}) {}

 private:
  restjwt::HttpResponse respond(const restjwt::HttpRequest&,
                                const restjwt::User& user) const override {
    restjwt::Claims body = restjwt::Claims::object();
    body["hello"] = user.username;
    return restjwt::json_response(200, restjwt::render_json(body), allow());
  }
};

int fail(const std::string& message) {
  std::fprintf(stderr, "protect_my_api: %s\n", message.c_str());
  return 1;
}

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
  if (!store) return fail(store.error().message);
  auto settings = restjwt::load_settings("", restjwt::process_environment());
  if (!settings) return fail(settings.error());
  auto hashers = restjwt::PasswordHashers::from_names({"pbkdf2_sha256"});
  if (!hashers) return fail(hashers.error());

  restjwt::ApplicationOptions options;
  options.settings = *settings;
  auto app = restjwt::Application::create(options, **store, *hashers);
  if (!app) return fail(app.error());
  if (auto added =
          (*app)->add_route("/api/hello/", std::make_shared<HelloView>((*app)->authenticator()));
      !added) {
    return fail(added.error());
  }

  restjwt::ServerOptions server_options;
  server_options.bind.port = 0;
  auto server = restjwt::Server::start(server_options, **app);
  if (!server) return fail(server.error());
  if (argc > 2) std::ofstream(argv[2]) << (*server)->local_address().port << "\n";
  std::printf("protect_my_api listening on %s\n", (*server)->local_address().to_string().c_str());
  std::fflush(stdout);
  (*server)->stop_on_signals();
  (*server)->wait();
  return 0;
}
