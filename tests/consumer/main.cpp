// A program outside restjwt's source tree, built against an installed restjwt, once with
// find_package (CMakeLists.txt) and once with pkg-config (Makefile); scripts/test-consumer runs
// both. Over a SqliteUserStore in a temporary directory it obtains a token, verifies it and calls
// its own ProtectedView route through Application::handle, then obtains a token again over a real
// socket through restjwt::Server. Prints "consumer: OK" and exits 0 when every answer is right.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>

#include "restjwt/password_hasher.hpp"
#include "restjwt/protected_view.hpp"
#include "restjwt/responses.hpp"
#include "restjwt/server.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "restjwt/version.hpp"
#include "restjwt/views.hpp"

namespace {

constexpr const char* kPassword = "correct horse battery staple";

std::string login_body() {
  return restjwt::Claims{{"username", "alice"}, {"password", kPassword}}.dump();
}

class HelloView final : public restjwt::ProtectedView {
 public:
  explicit HelloView(std::shared_ptr<const restjwt::JwtAuthenticator> authenticator)
      : ProtectedView(std::move(authenticator), {"Hello", "Greets the user.", {"GET"}}) {}

 private:
  restjwt::HttpResponse respond(const restjwt::HttpRequest&,
                                const restjwt::User& user) const override {
    restjwt::Claims body = {{"hello", user.username}};
    return restjwt::json_response(200, restjwt::render_json(body), allow());
  }
};

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "consumer: %s\n", what.c_str());
  std::exit(1);
}

restjwt::HttpResponse expect_200(const restjwt::Application& app, restjwt::HttpRequest request) {
  request.client_address = "127.0.0.1";
  restjwt::HttpResponse response = app.handle(request);
  if (response.status != 200) {
    fail(request.method + " " + request.target + ": " + std::to_string(response.status) + " " +
         response.body);
  }
  return response;
}

// POSTs the login to the server on 127.0.0.1:port and returns the status line.
std::string obtain_over_socket(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    fail("cannot connect to the server");
  }
  const std::string body = login_body();
  std::string request =
      "POST /api-token-auth/ HTTP/1.1\r\nHost: localhost\r\n"
      "Content-Type: application/json\r\nConnection: close\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  if (::write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    fail("cannot send the request");
  }
  std::string answer;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) {
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return answer.substr(0, answer.find("\r\n"));
}

}  // namespace

int main() {
  if (restjwt::version() != restjwt::kVersion) fail("headers and library are different versions");
  std::string dir_template = std::filesystem::temp_directory_path() / "restjwt-consumer-XXXXXX";
  if (::mkdtemp(dir_template.data()) == nullptr) fail("cannot create a temporary directory");
  const std::filesystem::path dir = dir_template;

  restjwt::SqliteStoreOptions store_options;
  store_options.path = dir / "users.sqlite3";
  store_options.create_if_missing = true;
  auto store = restjwt::SqliteUserStore::open(store_options);
  if (!store) fail(store.error().message);
  restjwt::PasswordHasherOptions hasher_options;
  hasher_options.pbkdf2_iterations = 1000;  // a test user: speed over strength
  auto hashers = restjwt::PasswordHashers::from_names({"pbkdf2_sha256"}, hasher_options);
  if (!hashers) fail(hashers.error());
  restjwt::NewUser alice;
  alice.username = "alice";
  alice.password = hashers->make_password(kPassword);
  if (auto created = (*store)->create(alice); !created) fail(created.error().message);

  restjwt::ApplicationOptions options;
  options.settings.secret_key = "a consumer's secret, at least 32 bytes long";
  auto app = restjwt::Application::create(options, **store, *hashers);
  if (!app) fail(app.error());
  if (auto added =
          (*app)->add_route("/api/hello/", std::make_shared<HelloView>((*app)->authenticator()));
      !added) {
    fail(added.error());
  }

  const restjwt::HeaderList json = {{"Content-Type", "application/json"}};
  auto obtained = expect_200(**app, {"POST", "/api-token-auth/", json, login_body(), {}});
  const std::string token = restjwt::Claims::parse(obtained.body).at("token");
  const restjwt::Claims verify_body = {{"token", token}};
  expect_200(**app, {"POST", "/api-token-verify/", json, verify_body.dump(), {}});
  auto hello =
      expect_200(**app, {"GET", "/api/hello/", {{"Authorization", "JWT " + token}}, {}, {}});
  if (restjwt::Claims::parse(hello.body) != restjwt::Claims{{"hello", "alice"}}) {
    fail("unexpected /api/hello/ answer: " + hello.body);
  }

  restjwt::ServerOptions server_options;
  server_options.bind.port = 0;
  server_options.io_threads = 1;
  server_options.hash_threads = 1;
  auto server = restjwt::Server::start(server_options, **app);
  if (!server) fail(server.error());
  const std::string status = obtain_over_socket((*server)->local_address().port);
  (*server)->stop();
  (*server)->wait();
  if (status != "HTTP/1.1 200 OK") fail("obtain over the socket answered: " + status);

  std::filesystem::remove_all(dir);
  std::printf("consumer: OK (restjwt %.*s)\n", static_cast<int>(restjwt::kVersion.size()),
              restjwt::kVersion.data());
  return 0;
}
