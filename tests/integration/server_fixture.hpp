// The real server, in process, on 127.0.0.1 port 0: SqliteUserStore on a temporary file, cheap
// PBKDF2, a fixed clock, the wire users. Requests go over real sockets
// (unit/server/test_client.hpp).
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "restjwt/server.hpp"
#include "support/app_fixture.hpp"
#include "support/wire_cases.hpp"
#include "unit/server/test_client.hpp"

namespace restjwt::testing {

struct ServerFixture {
  std::unique_ptr<AppFixture> app;
  std::unique_ptr<Server> server;
  std::uint16_t port = 0;

  explicit ServerFixture(ApplicationOptions options = {}, ServerOptions server_options = {}) {
    app = std::make_unique<AppFixture>(std::move(options));
    for (const auto& user : wire_users())
      app->add_user(user.username, user.password, user.active, user.email);
    server_options.bind.host = "127.0.0.1";
    server_options.bind.port = 0;
    if (server_options.io_threads == 0) server_options.io_threads = 2;
    auto started = Server::start(server_options, *app->app);
    if (!started) throw std::runtime_error(started.error());
    server = std::move(*started);
    port = server->local_address().port;
  }

  // One request on a new connection.
  std::optional<test::RawResponse> send(const std::string& method, const std::string& target,
                                        const HeaderList& headers = {},
                                        const std::string& body = "") const {
    test::TestClient client(port);
    if (!client.connected()) return std::nullopt;
    if (!client.send(raw_request(method, target, headers, body))) return std::nullopt;
    return client.read_response(method == "HEAD");
  }

  static std::string raw_request(const std::string& method, const std::string& target,
                                 const HeaderList& headers, const std::string& body) {
    std::string extra;
    for (const auto& [name, value] : headers) extra += name + ": " + value + "\r\n";
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra;
    if (!body.empty() || method == "POST")
      request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    request += "\r\n" + body;
    return request;
  }
};

}  // namespace restjwt::testing
