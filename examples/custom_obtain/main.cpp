// drf-jwt's documented CustomObtainJWT example in C++: obtain answers
//   {"token": …, "user": {"id", "username", "last_login"}, "expires_in": 300}
// and every successful login is logged (log_authentication). As with drf-jwt, obtaining a token
// does not touch last_login (only Django's login() does); the answer shows what is stored. Only
// the response hook changes; the checks stay restjwt's.
//
//   JWT_SECRET_KEY=… custom_obtain DATABASE_FILE [PORT_FILE]
#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "restjwt/config.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/server.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "restjwt/views.hpp"

namespace {

// Django's user.last_login.isoformat() for a UTC datetime stored as "YYYY-MM-DD HH:MM:SS.ffffff".
nlohmann::ordered_json iso_or_null(std::string stored) {
  if (stored.empty()) return nullptr;
  if (stored.size() > 10 && stored[10] == ' ') stored[10] = 'T';
  return stored + "+00:00";
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
  if (!store) {
    std::fprintf(stderr, "custom_obtain: %s\n", store.error().message.c_str());
    return 1;
  }
  auto settings = restjwt::load_settings("", restjwt::process_environment());
  auto hashers = restjwt::PasswordHashers::from_names({"pbkdf2_sha256"});
  if (!settings || !hashers) {
    std::fprintf(stderr, "custom_obtain: %s\n",
                 !settings ? settings.error().c_str() : hashers.error().c_str());
    return 1;
  }

  restjwt::ApplicationOptions options;
  options.settings = *settings;
  restjwt::UserStore& users = **store;
  const auto expires_in = settings->expiration_delta.count();
  options.hooks.response_payload = [expires_in, obtain = options.routes.obtain](
                                       const std::string& token, const restjwt::User& user,
                                       const restjwt::HttpRequest& request) {
    restjwt::Claims body = restjwt::Claims::object();
    body["token"] = token;
    if (request.path() != obtain) return body;  // verify and refresh keep drf-jwt's answer
    body["user"] = {{"id", restjwt::to_string(user.id)},
                    {"username", user.username},
                    {"last_login", iso_or_null(user.last_login)}};
    if (const auto* id = std::get_if<std::int64_t>(&user.id)) body["user"]["id"] = *id;
    body["expires_in"] = expires_in;
    // log_authentication(user, request): one line, never the token or the password.
    std::printf("login: user=%s id=%s client=%s\n", user.username.c_str(),
                restjwt::to_string(user.id).c_str(), request.client_address.c_str());
    std::fflush(stdout);
    return body;
  };

  auto app = restjwt::Application::create(std::move(options), users, *hashers);
  if (!app) {
    std::fprintf(stderr, "custom_obtain: %s\n", app.error().c_str());
    return 1;
  }
  restjwt::ServerOptions server_options;
  server_options.bind.port = 0;
  auto server = restjwt::Server::start(server_options, **app);
  if (!server) {
    std::fprintf(stderr, "custom_obtain: %s\n", server.error().c_str());
    return 1;
  }
  if (argc > 2) std::ofstream(argv[2]) << (*server)->local_address().port << "\n";
  std::printf("custom_obtain listening on %s\n", (*server)->local_address().to_string().c_str());
  std::fflush(stdout);
  (*server)->stop_on_signals();
  (*server)->wait();
  return 0;
}
