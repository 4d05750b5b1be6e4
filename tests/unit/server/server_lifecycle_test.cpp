// Pools under load, binding, and the orderly stop (SIGTERM).
#include <csignal>

#include <gtest/gtest.h>

#include "restjwt/server.hpp"
#include "unit/server/test_server.hpp"

namespace restjwt::test {
namespace {

// Two gated requests holding the hashing pool of test_options() (one thread, a queue of one):
// one running, one queued. Both are answered once app_.gate opens.
struct BusyHashing {
  TestClient running;
  TestClient queued;
};

class ServerLifecycle : public ServerTest {
 protected:
  BusyHashing occupy_hashing() {
    TestClient running = client();
    EXPECT_TRUE(running.send(request("POST", "/hash/gated")));
    EXPECT_TRUE(eventually([&] { return app_.gated_started.load() == 1; }));
    TestClient queued = client();
    EXPECT_TRUE(queued.send(request("POST", "/hash/gated")));
    // The queue slot is taken once the server has read the request; until then a third request
    // could take it instead, so wait for the only observable sign: the 503 path is reached.
    std::this_thread::sleep_for(100ms);
    return {std::move(running), std::move(queued)};
  }
};

constexpr std::string_view kUnavailable =
    R"({"detail":"Service temporarily unavailable, try again later."})";

TEST_F(ServerLifecycle, FullHashingQueueAnswers503AtOnce) {
  start();  // hash_threads = 1, hash_queue = 1
  auto [running, queued] = occupy_hashing();
  ASSERT_FALSE(HasFailure());

  auto refused = client();
  const auto begun = std::chrono::steady_clock::now();
  ASSERT_TRUE(refused.send(request("POST", "/hash/gated")));
  const auto response = refused.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->body, kUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - begun, 1000ms);

  // Inline requests are not held up by the busy pool.
  auto inline_client = client();
  ASSERT_TRUE(inline_client.send(request("GET", "/inline")));
  const auto inline_response = inline_client.read_response(false, 1000ms);
  ASSERT_TRUE(inline_response);
  EXPECT_EQ(inline_response->status, 200);

  app_.gate.open();
  const auto first = running.read_response();
  const auto second = queued.read_response();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(second->status, 200);
}

TEST_F(ServerLifecycle, AClientRefusedForAFullQueueIsReadAgainOnlyAfterTheBusyPause) {
  ServerOptions options = test_options();
  options.limits.busy_pause = 400ms;
  start(options);  // hash_threads = 1, hash_queue = 1
  auto [running, queued] = occupy_hashing();
  ASSERT_FALSE(HasFailure());

  auto refused = client();
  ASSERT_TRUE(refused.send(request("POST", "/hash/gated")));
  const auto first = refused.read_response();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 503);
  // Its next request, on the same connection, is read after the pause: still a 503 (the pool
  // is still full), but not before 400 ms.
  const auto retried = std::chrono::steady_clock::now();
  ASSERT_TRUE(refused.send(request("GET", "/inline")));
  const auto second = refused.read_response(false, 5000ms);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - retried, 350ms);

  // Other connections are not paused.
  auto other = client();
  ASSERT_TRUE(other.send(request("GET", "/inline")));
  ASSERT_TRUE(other.read_response(false, 1000ms));
  app_.gate.open();
  EXPECT_TRUE(running.read_response());
  EXPECT_TRUE(queued.read_response());
}

TEST_F(ServerLifecycle, StopEndsABusyPauseAtOnce) {
  ServerOptions options = test_options();
  options.limits.busy_pause = 60s;
  start(options);
  auto [running, queued] = occupy_hashing();
  ASSERT_FALSE(HasFailure());
  auto refused = client();
  ASSERT_TRUE(refused.send(request("POST", "/hash/gated")));
  ASSERT_TRUE(refused.read_response());  // 503, then a 60 s pause
  app_.gate.open();
  const auto begun = std::chrono::steady_clock::now();
  server_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - begun, 5s);
  EXPECT_TRUE(refused.closed_by_server(1000ms));  // closed, not left waiting
}

TEST_F(ServerLifecycle, BindsIpv6Loopback) {
  ServerOptions options = test_options();
  options.bind = BindAddress{"::1", 0};
  auto server = Server::start(options, app_);
  if (!server) GTEST_SKIP() << "no IPv6 here: " << server.error();
  const BindAddress bound = (*server)->local_address();
  EXPECT_EQ(bound.host, "::1");
  EXPECT_NE(bound.port, 0);
  EXPECT_EQ(bound.to_string(), "[::1]:" + std::to_string(bound.port));
  TestClient c(bound.port, "::1");
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.send(request("GET", "/v6")));
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->header("X-Client"), "::1");
}

TEST_F(ServerLifecycle, PortInUseIsAOneLineError) {
  start();
  ServerOptions options = test_options();
  options.bind.port = port_;
  auto second = Server::start(options, app_);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error(),
            "cannot listen on 127.0.0.1:" + std::to_string(port_) + ": Address already in use");
}

TEST_F(ServerLifecycle, StopFinishesTheRequestInFlightAndClosesIt) {
  start();
  auto c = client();
  ASSERT_TRUE(c.send(request("GET", "/db/sleep?ms=300")));
  ASSERT_TRUE(eventually([&] { return app_.handled.load() == 1; }));
  server_->stop();
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->header("Connection"), "close");
  server_->wait();
  EXPECT_FALSE(TestClient(port_).connected());
}

TEST_F(ServerLifecycle, StopClosesIdleConnectionsAtOnce) {
  ServerOptions options = test_options();
  options.limits.idle_timeout = 10'000ms;
  options.limits.header_timeout = 10'000ms;
  start(options);
  auto used = client();
  ASSERT_TRUE(used.send(request("GET", "/x")));
  ASSERT_TRUE(used.read_response());
  auto silent = client();
  std::this_thread::sleep_for(50ms);  // accepted, waiting for its first byte
  const auto begun = std::chrono::steady_clock::now();
  server_->stop();
  server_->wait();
  EXPECT_LT(std::chrono::steady_clock::now() - begun, 1000ms);
  EXPECT_TRUE(used.closed_by_server(1000ms));
  EXPECT_TRUE(silent.closed_by_server(1000ms));
}

TEST_F(ServerLifecycle, StopGivesUpAfterTheShutdownTimeout) {
  ServerOptions options = test_options();
  options.limits.shutdown_timeout = 200ms;
  start(options);
  auto c = client();
  ASSERT_TRUE(c.send(request("POST", "/hash/gated")));
  ASSERT_TRUE(eventually([&] { return app_.gated_started.load() == 1; }));
  const auto begun = std::chrono::steady_clock::now();
  server_->stop();
  server_->wait();
  EXPECT_LT(std::chrono::steady_clock::now() - begun, 1000ms);
  app_.gate.open();
  server_.reset();  // joins the pool thread once the gated job returns
  EXPECT_TRUE(c.closed_by_server(1000ms));
}

TEST_F(ServerLifecycle, SigtermStopsTheServer) {
  start();
  server_->stop_on_signals();
  auto c = client();
  ASSERT_TRUE(c.send(request("GET", "/db/sleep?ms=200")));
  ASSERT_TRUE(eventually([&] { return app_.handled.load() == 1; }));
  ASSERT_EQ(std::raise(SIGTERM), 0);
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  server_->wait();
  EXPECT_FALSE(TestClient(port_).connected());
}

}  // namespace
}  // namespace restjwt::test
