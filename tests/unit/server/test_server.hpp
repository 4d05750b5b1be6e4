// A small RequestHandler for testing the server's mechanics (not restjwt's views), and a fixture
// that runs a Server on 127.0.0.1 port 0 in front of it.
//
// Routes (by path; any method):
//   /hash/...   cost kPasswordHash; blocks until the gate opens when the path is /hash/gated
//   /db/...     cost kDatabase; records the thread it ran on
//   /sleep      inline; sleeps ?ms=N milliseconds (also /db/sleep)
//   /head       200 with a 42-byte body (the server sends HEAD the headers alone)
//   /throw      throws (the server must answer 500)
//   otherwise   200 echo: "<method> <target>\n<body>", headers X-Client and X-Header-Count
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "restjwt/server.hpp"
#include "restjwt/view.hpp"
#include "unit/server/test_client.hpp"

namespace restjwt::test {

class Gate {
 public:
  void open();
  void wait();

 private:
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;
};

class TestApplication final : public RequestHandler {
 public:
  Route route(const HttpRequest& request) const override;
  HttpResponse handle(const HttpRequest& request, const Route& route) const override;
  HttpResponse unavailable(const HttpRequest& request, const Route& route) const override;

  mutable Gate gate;
  mutable std::atomic<int> gated_started{0};  // /hash/gated requests that reached handle()
  mutable std::atomic<int> handled{0};
  mutable std::mutex thread_mutex;
  mutable std::thread::id db_thread;
  mutable std::thread::id inline_thread;
};

// Options with short timeouts so that timeout tests take well under a second.
ServerOptions test_options();

class ServerTest : public ::testing::Test {
 protected:
  void TearDown() override;
  // Starts the server (fails the test on error) and returns its port.
  std::uint16_t start(const ServerOptions& options = test_options());
  TestClient client() const { return TestClient(port_); }

  TestApplication app_;
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
};

// Polls `condition` until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 5s);

}  // namespace restjwt::test
