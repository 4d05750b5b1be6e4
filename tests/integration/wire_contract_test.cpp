// Every row of the wire contract's shared table (support/wire_cases.hpp) over real HTTP, plus what
// only exists on the wire: Content-Length, keep-alive, pipelining, concurrency.
#include <atomic>
#include <sstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server_fixture.hpp"

namespace restjwt {
namespace {

using testing::ServerFixture;

class WireContractOverHttp : public ::testing::TestWithParam<testing::WireCase> {
 public:
  static void SetUpTestSuite() { server_ = new ServerFixture(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

 protected:
  static ServerFixture* server_;
};
ServerFixture* WireContractOverHttp::server_ = nullptr;

TEST_P(WireContractOverHttp, AnswersExactly) {
  const auto& c = GetParam();
  const auto response = server_->send(c.method, c.target, c.headers, c.body);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, c.status) << response->body;
  EXPECT_TRUE(testing::body_matches(c.expected_body, response->body)) << response->body;
  for (const auto& [name, value] : c.expected_headers) {
    EXPECT_EQ(response->header(name).value_or("<absent>"), value) << name;
  }
  if (c.method != "HEAD") {
    EXPECT_EQ(response->header("Content-Length").value_or(""),
              std::to_string(response->body.size()));
  }
}

INSTANTIATE_TEST_SUITE_P(WireCases, WireContractOverHttp,
                         ::testing::ValuesIn(testing::wire_cases()),
                         [](const auto& param_info) { return param_info.param.name; });

std::string token_of(const test::RawResponse& response) {
  return nlohmann::json::parse(response.body)["token"].get<std::string>();
}

TEST(ServerFlow, ObtainVerifyRefreshAndUserOnOneKeepAliveConnection) {
  ApplicationOptions options;
  options.settings.allow_refresh = true;
  ServerFixture server(options);
  test::TestClient client(server.port);
  ASSERT_TRUE(client.connected());
  const HeaderList json{{"Content-Type", "application/json"}};
  ASSERT_TRUE(client.send(ServerFixture::raw_request(
      "POST", "/api-token-auth/", json, R"({"username":"alice","password":"s3cret pass"})")));
  const auto obtained = client.read_response();
  ASSERT_TRUE(obtained && obtained->status == 200);
  const auto token = token_of(*obtained);
  ASSERT_TRUE(client.send(ServerFixture::raw_request("POST", "/api-token-verify/", json,
                                                     R"({"token":")" + token + R"("})")));
  const auto verified = client.read_response();
  ASSERT_TRUE(verified && verified->status == 200);
  EXPECT_EQ(token_of(*verified), token);
  ASSERT_TRUE(client.send(ServerFixture::raw_request("POST", "/api-token-refresh/", json,
                                                     R"({"token":")" + token + R"("})")));
  const auto refreshed = client.read_response();
  ASSERT_TRUE(refreshed && refreshed->status == 200) << (refreshed ? refreshed->body : "");
  ASSERT_TRUE(client.send(ServerFixture::raw_request(
      "GET", "/api/user/", {{"Authorization", "JWT " + token_of(*refreshed)}}, "")));
  const auto user = client.read_response();
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->status, 200);
  EXPECT_EQ(user->body, R"({"user_id":1,"username":"alice","email":"alice@example.com"})");
  EXPECT_EQ(user->header("X-Auth-Username").value_or(""), "alice");
}

// Django reads a body by its Content-Length only: a chunked one is no body (§2), so the
// answer is the required-field errors, and without a Content-Type no 415 either.
TEST(ServerFlow, AChunkedBodyIsNoBodyAsInDjango) {
  ServerFixture server;
  for (const std::string& type :
       {std::string("Content-Type: application/json\r\n"), std::string()}) {
    test::TestClient client(server.port);
    const std::string body = R"({"username":"alice","password":"s3cret pass"})";
    std::ostringstream chunk;
    chunk << std::hex << body.size() << "\r\n" << body << "\r\n0\r\n\r\n";
    ASSERT_TRUE(client.send("POST /api-token-auth/ HTTP/1.1\r\nHost: x\r\n" + type +
                            "Transfer-Encoding: chunked\r\n\r\n" + chunk.str()));
    const auto response = client.read_response();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->status, 400) << type;
    EXPECT_EQ(response->body,
              R"({"username":["This field is required."],"password":["This field is required."]})");
  }
}

TEST(ServerFlow, PipelinedRequestsAreAnsweredInOrder) {
  ServerFixture server;
  test::TestClient client(server.port);
  const HeaderList json{{"Content-Type", "application/json"}};
  std::string batch;
  batch += ServerFixture::raw_request("POST", "/api-token-verify/", json, "{}");
  batch += ServerFixture::raw_request("POST", "/api-token-auth/", json,
                                      R"({"username":"alice","password":"s3cret pass"})");
  batch += ServerFixture::raw_request("GET", "/nope/", {}, "");
  ASSERT_TRUE(client.send(batch));
  EXPECT_EQ(client.read_response()->status, 400);
  EXPECT_EQ(client.read_response()->status, 200);
  EXPECT_EQ(client.read_response()->status, 404);
}

TEST(ServerFlow, ManyClientsObtainVerifyAndRefreshAtOnce) {
  ApplicationOptions options;
  options.settings.allow_refresh = true;
  ServerFixture server(options);
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 16; ++c) {
    clients.emplace_back([&] {
      test::TestClient client(server.port);
      const HeaderList json{{"Content-Type", "application/json"}};
      for (int i = 0; i < 10; ++i) {
        client.send(ServerFixture::raw_request("POST", "/api-token-auth/", json,
                                               R"({"username":"alice","password":"s3cret pass"})"));
        const auto obtained = client.read_response();
        if (!obtained || obtained->status != 200) {
          ++failures;
          return;
        }
        const std::string body = R"({"token":")" + token_of(*obtained) + R"("})";
        for (const auto* route : {"/api-token-verify/", "/api-token-refresh/"}) {
          client.send(ServerFixture::raw_request("POST", route, json, body));
          const auto answer = client.read_response();
          if (!answer || answer->status != 200) ++failures;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(ServerFlow, ASlowClientDoesNotHoldUpOthers) {
  ServerFixture server;
  test::TestClient slow(server.port);
  ASSERT_TRUE(
      slow.send("POST /api-token-verify/ HTTP/1.1\r\nHost: x\r\nContent-Le"));  // and stalls
  const auto fast =
      server.send("POST", "/api-token-verify/", {{"Content-Type", "application/json"}}, "{}");
  ASSERT_TRUE(fast.has_value());
  EXPECT_EQ(fast->status, 400);
}

}  // namespace
}  // namespace restjwt
