// The request/response path: keep-alive, pipelining, HEAD, what reaches the Application and
// what the server adds to its answers.
#include <gtest/gtest.h>

#include "restjwt/server.hpp"
#include "unit/server/test_server.hpp"

namespace restjwt::test {
namespace {

using ServerHttp = ServerTest;

TEST_F(ServerHttp, PassesMethodTargetHeadersBodyAndClientToTheApplication) {
  start();
  auto c = client();
  ASSERT_TRUE(c.send(request("POST", "/echo?q=1", "hello", "X-One: 1\r\nX-Two: 2\r\n")));
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "POST /echo?q=1\nhello");
  EXPECT_EQ(response->header("X-Client"), "127.0.0.1");
  EXPECT_EQ(response->header("X-Header-Count"), "4");  // Host, X-One, X-Two, Content-Length
  EXPECT_EQ(response->header("Content-Length"), "20");
  EXPECT_TRUE(response->header("Date"));
}

TEST_F(ServerHttp, KeepsApplicationHeaderOrder) {
  start();
  auto c = client();
  ASSERT_TRUE(c.send(request("GET", "/echo")));
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  ASSERT_GE(response->headers.size(), 3U);
  EXPECT_EQ(response->headers[0].first, "Content-Type");
  EXPECT_EQ(response->headers[1].first, "X-Client");
  EXPECT_EQ(response->headers[2].first, "X-Header-Count");
}

TEST_F(ServerHttp, KeepAliveServesManyRequestsOnOneConnection) {
  start();
  auto c = client();
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(c.send(request("GET", "/echo/" + std::to_string(i))));
    const auto response = c.read_response();
    ASSERT_TRUE(response) << i;
    EXPECT_EQ(response->body, "GET /echo/" + std::to_string(i) + "\n");
    EXPECT_FALSE(response->header("Connection"));
  }
}

TEST_F(ServerHttp, PipelinedRequestsAreAnsweredInOrder) {
  start();
  auto c = client();
  // The first is the slowest and runs on a pool: its answer must still come first.
  ASSERT_TRUE(c.send(request("GET", "/db/sleep?ms=150") + request("POST", "/second", "2") +
                     request("GET", "/hash/third") + request("GET", "/fourth")));
  for (const std::string expected :
       {"GET /db/sleep?ms=150\n", "POST /second\n2", "GET /hash/third\n", "GET /fourth\n"}) {
    const auto response = c.read_response();
    ASSERT_TRUE(response) << expected;
    EXPECT_EQ(response->body, expected);
  }
}

TEST_F(ServerHttp, HeadResponseHasNoBodyAndKeepsTheConnectionUsable) {
  start();
  auto c = client();
  ASSERT_TRUE(c.send(request("HEAD", "/head")));
  const auto head = c.read_response(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("Content-Length"), "42");
  // Any body bytes would be read as the start of this response.
  ASSERT_TRUE(c.send(request("GET", "/head")));
  const auto get = c.read_response();
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(get->body, std::string(42, 'x'));
}

TEST_F(ServerHttp, HeadNeverCarriesABodyEvenIfTheApplicationGivesOne) {
  start();
  auto c = client();
  ASSERT_TRUE(c.send(request("HEAD", "/echo") + request("GET", "/after")));
  const auto head = c.read_response(/*head=*/true);
  ASSERT_TRUE(head);
  // The length of the body the handler gave ("HEAD /echo\n"), which is not sent: the next
  // response on the connection starts right after the headers.
  EXPECT_EQ(head->header("Content-Length"), "11");
  const auto after = c.read_response();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->body, "GET /after\n");
}

TEST_F(ServerHttp, Http10ClosesAfterTheResponse) {
  start();
  auto c = client();
  ASSERT_TRUE(c.send("GET /old HTTP/1.0\r\n\r\n"));
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "GET /old\n");
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(ServerHttp, ConnectionCloseIsHonoured) {
  start();
  auto c = client();
  ASSERT_TRUE(c.send(request("GET", "/bye", "", "Connection: close\r\n")));
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->header("Connection"), "close");
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(ServerHttp, ExpectContinueGets100BeforeTheBody) {
  start();
  auto c = client();
  ASSERT_TRUE(
      c.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n"
             "Expect: 100-continue\r\n\r\n"));
  const auto interim = c.read_response();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(c.send("data"));
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "POST /upload\ndata");
}

// Django sees a body through its Content-Length only: a chunked body is read off the connection
// (the next request on it is answered) but the application gets none (wire contract §2).
TEST_F(ServerHttp, ChunkedBodyIsReadButReachesTheApplicationEmpty) {
  start();
  auto c = client();
  ASSERT_TRUE(
      c.send("POST /chunks HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
             "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n" +
             request("POST", "/after", "xyz")));
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "POST /chunks\n");
  const auto next = c.read_response();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "POST /after\nxyz");
}

TEST_F(ServerHttp, ApplicationExceptionBecomes500) {
  start();
  auto c = client();
  ASSERT_TRUE(c.send(request("GET", "/throw")));
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->body, R"({"detail":"A server error occurred."})");
}

TEST_F(ServerHttp, DatabaseAndHashWorkRunOffTheIoThread) {
  ServerOptions options = test_options();
  options.io_threads = 1;
  start(options);
  auto c = client();
  ASSERT_TRUE(c.send(request("GET", "/inline") + request("GET", "/db/x")));
  ASSERT_TRUE(c.read_response());
  ASSERT_TRUE(c.read_response());
  const std::lock_guard lock(app_.thread_mutex);
  EXPECT_NE(app_.db_thread, std::thread::id());
  EXPECT_NE(app_.db_thread, app_.inline_thread);
}

TEST_F(ServerHttp, ServesManyClientsAtOnce) {
  start();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      TestClient c(port_);
      for (int i = 0; i < 20; ++i) {
        const std::string target = "/db/" + std::to_string(t) + "/" + std::to_string(i);
        if (!c.send(request("GET", target))) return;
        const auto response = c.read_response();
        if (response && response->body == "GET " + target + "\n") ++ok;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 160);
}

}  // namespace
}  // namespace restjwt::test
