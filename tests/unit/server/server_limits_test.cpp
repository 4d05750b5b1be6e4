// Limits, framing and timeouts: what a hostile or broken client gets.
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "restjwt/server.hpp"
#include "unit/server/test_server.hpp"

namespace restjwt::test {
namespace {

using namespace std::string_literals;
using ServerLimitsTest = ServerTest;

constexpr std::string_view kMalformed = R"({"detail":"Malformed request."})";

void expect_server_json(const RawResponse& response) {
  EXPECT_EQ(response.header("Content-Type"), "application/json");
  EXPECT_EQ(response.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(response.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(response.header("Referrer-Policy"), "same-origin");
  EXPECT_EQ(response.header("Connection"), "close");
}

TEST_F(ServerLimitsTest, HeaderTooLargeGets431AndClose) {
  start();  // max_header_bytes = 2048
  auto c = client();
  ASSERT_TRUE(c.send(request("GET", "/big", "", "X-Big: " + std::string(3000, 'a') + "\r\n")));
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_EQ(response->body, R"({"detail":"Request header fields too large."})");
  expect_server_json(*response);
  EXPECT_TRUE(c.closed_by_server());
  EXPECT_EQ(app_.handled.load(), 0);
}

TEST_F(ServerLimitsTest, BodyTooLargeGets413BeforeTheBodyIsSent) {
  start();  // max_body_bytes = 1024
  auto c = client();
  ASSERT_TRUE(c.send("POST /big HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\n"));
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->body, R"({"detail":"Request body too large."})");
  expect_server_json(*response);
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(ServerLimitsTest, BodyAtTheLimitIsAccepted) {
  start();
  auto c = client();
  ASSERT_TRUE(c.send(request("POST", "/ok", std::string(1024, 'b'))));
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST_F(ServerLimitsTest, ChunkedBodyOverTheLimitGets413) {
  start();
  auto c = client();
  ASSERT_TRUE(
      c.send("POST /big HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
             "800\r\n" +
             std::string(0x800, 'c') + "\r\n0\r\n\r\n"));
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
}

// Request smuggling shapes: every one is 400 and close, and the Application never sees it.
struct FramingCase {
  std::string name;
  std::string bytes;
};

class AmbiguousFraming : public ServerTest, public ::testing::WithParamInterface<FramingCase> {};

TEST_P(AmbiguousFraming, Gets400AndClose) {
  start();
  auto c = client();
  ASSERT_TRUE(c.send(GetParam().bytes));
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->body, kMalformed);
  expect_server_json(*response);
  EXPECT_TRUE(c.closed_by_server());
  EXPECT_EQ(app_.handled.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(
    Server, AmbiguousFraming,
    ::testing::Values(
        FramingCase{"ContentLengthThenChunked",
                    "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
        FramingCase{"ChunkedThenContentLength",
                    "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n"
                    "Content-Length: 3\r\n\r\n0\r\n\r\n"},
        FramingCase{"GzipThenContentLength",
                    "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n"
                    "Content-Length: 3\r\n\r\nabc"},
        FramingCase{"TransferEncodingNotChunked",
                    "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\nabc"},
        FramingCase{"TwoTransferEncodings",
                    "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
        FramingCase{"TwoEqualContentLengths",
                    "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n"
                    "Content-Length: 3\r\n\r\nabc"},
        FramingCase{"TwoDifferentContentLengths",
                    "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n"
                    "Content-Length: 4\r\n\r\nabcd"},
        FramingCase{"ContentLengthList",
                    "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3, 3\r\n\r\nabc"},
        FramingCase{"ContentLengthNotANumber",
                    "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n"},
        FramingCase{"Garbage", "HELLO\r\n\r\n"},
        FramingCase{"BadVersion", "GET / HTTP/9.9\r\nHost: t\r\n\r\n"},
        FramingCase{"SpaceInTarget", "GET /a b HTTP/1.1\r\nHost: t\r\n\r\n"},
        FramingCase{"NulInHeader", "GET / HTTP/1.1\r\nX: a\0b\r\n\r\n"s},
        FramingCase{"BadChunkSize",
                    "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"},
        // Obsolete line folding: a proxy may read one header where we would read two, or none.
        FramingCase{"FoldedHeader", "GET / HTTP/1.1\r\nHost: t\r\nX-Long: a\r\n b\r\n\r\n"},
        FramingCase{"FoldedWithTab",
                    "GET / HTTP/1.1\r\nHost: t\r\nAuthorization: JWT\r\n\tabc\r\n\r\n"},
        FramingCase{"WhitespaceBeforeTheFirstHeader", "GET / HTTP/1.1\r\n Host: t\r\n\r\n"},
        // HTTP/1.1 needs exactly one Host.
        FramingCase{"NoHost", "GET / HTTP/1.1\r\nX: y\r\n\r\n"},
        FramingCase{"TwoHosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"}),
    [](const auto& test_case) { return test_case.param.name; });

TEST_F(ServerLimitsTest, AFoldSplitAcrossReadsIsStillSeen) {
  start();
  auto c = client();
  ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nHost: t\r\nX-A: 1\r"));
  std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(c.send("\n\tcontinued\r\n\r\n"));
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(app_.handled.load(), 0);
}

TEST_F(ServerLimitsTest, BodyBytesThatLookLikeAFoldAreJustABody) {
  start();
  auto c = client();
  ASSERT_TRUE(c.send(request("POST", "/ok", "a\r\n b\r\n\tc")));
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "POST /ok\na\r\n b\r\n\tc");
}

TEST_F(ServerLimitsTest, Http10WithoutHostIsServed) {
  start();
  auto c = client();
  ASSERT_TRUE(c.send("GET /old HTTP/1.0\r\n\r\n"));
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

// HTTP/1.0 has no chunked coding: answered (the body counts as none), then the connection closes
// even though the client asked to keep it.
TEST_F(ServerLimitsTest, Http10WithAChunkedBodyClosesAfterTheAnswer) {
  start();
  auto c = client();
  ASSERT_TRUE(
      c.send("POST /x HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n"
             "\r\n3\r\nabc\r\n0\r\n\r\n"));
  const auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(ServerLimitsTest, SlowLorisIsCutWhileOthersAreServed) {
  start();  // header_timeout = 400 ms
  auto slow = client();
  const auto begun = std::chrono::steady_clock::now();
  const std::string bytes = request("GET", "/slow", "", "X-Pad: 0123456789\r\n");
  bool cut = false;
  for (std::size_t i = 0; i < bytes.size() && !cut; ++i) {
    // Someone else is served promptly while the slow client trickles.
    if (i % 4 == 0) {
      auto other = client();
      ASSERT_TRUE(other.send(request("GET", "/fast")));
      const auto response = other.read_response(false, 1000ms);
      ASSERT_TRUE(response);
      EXPECT_EQ(response->status, 200);
    }
    cut = !slow.send(bytes.substr(i, 1)) || slow.closed_by_server(50ms);
  }
  EXPECT_TRUE(cut || slow.closed_by_server(1000ms));
  EXPECT_LT(std::chrono::steady_clock::now() - begun, 2000ms);
  EXPECT_EQ(app_.handled.load() > 0, true);
}

TEST_F(ServerLimitsTest, SilentNewConnectionIsClosedAfterFirstByteTimeout) {
  ServerOptions options = test_options();
  options.limits.first_byte_timeout = 200ms;
  options.limits.header_timeout = 3000ms;
  start(options);
  auto c = client();
  const auto begun = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_by_server(2000ms));
  const auto waited = std::chrono::steady_clock::now() - begun;
  EXPECT_GE(waited, 150ms);
  EXPECT_LT(waited, 1500ms);  // its own short timeout, not header_timeout
}

TEST_F(ServerLimitsTest, HeaderTimeoutRunsFromTheAcceptOnceTheFirstByteArrives) {
  ServerOptions options = test_options();
  options.limits.first_byte_timeout = 300ms;
  options.limits.header_timeout = 600ms;
  start(options);
  auto c = client();
  const auto begun = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(200ms);
  ASSERT_TRUE(c.send("GET / HTTP/1.1\r\n"));  // in time, then nothing more
  EXPECT_TRUE(c.closed_by_server(2000ms));
  const auto waited = std::chrono::steady_clock::now() - begun;
  EXPECT_GE(waited, 550ms);
  EXPECT_LT(waited, 1200ms);
}

TEST_F(ServerLimitsTest, IdleKeepAliveConnectionIsClosed) {
  start();  // idle_timeout = 400 ms
  auto c = client();
  ASSERT_TRUE(c.send(request("GET", "/once")));
  ASSERT_TRUE(c.read_response());
  EXPECT_TRUE(c.closed_by_server(2000ms));
}

TEST_F(ServerLimitsTest, BodyThatNeverArrivesIsCutAfterBodyTimeout) {
  start();  // body_timeout = 400 ms
  auto c = client();
  ASSERT_TRUE(c.send("POST /wait HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"));
  EXPECT_TRUE(c.closed_by_server(2000ms));
  EXPECT_EQ(app_.handled.load(), 0);
}

TEST_F(ServerLimitsTest, ConnectionsBeyondTheMaximumGet503WhenNoneIsIdle) {
  ServerOptions options = test_options();
  options.limits.max_connections = 2;
  options.limits.idle_timeout = 5000ms;
  options.limits.header_timeout = 5000ms;
  start(options);
  // Two clients in the middle of their first request: busy, not idle.
  auto first = client();
  auto second = client();
  ASSERT_TRUE(first.send("GET /1 HTTP/1.1\r\nHost"));
  ASSERT_TRUE(second.send("GET /2 HTTP/1.1\r\nHost"));
  std::this_thread::sleep_for(300ms);  // both accepted and reading

  auto third = client();
  const auto refused = third.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->body, R"({"detail":"Service temporarily unavailable, try again later."})");
  EXPECT_TRUE(third.closed_by_server());

  // Below the maximum again, new connections are served.
  first.shutdown_send();
  ASSERT_TRUE(first.closed_by_server());
  ASSERT_TRUE(eventually([&] {
    auto next = client();
    if (!next.send(request("GET", "/3"))) return false;
    const auto response = next.read_response(false, 1000ms);
    return response && response->status == 200;
  }));
}

// A few hundred sockets that never send anything cannot lock legitimate clients out: at the cap,
// one of them makes room for every new connection (before an idle keep-alive client would).
TEST_F(ServerLimitsTest, SilentSocketsAreTheFirstToMakeRoom) {
  ServerOptions options = test_options();
  options.limits.max_connections = 16;
  options.limits.first_byte_timeout = 30000ms;
  options.limits.header_timeout = 30000ms;
  options.limits.idle_timeout = 30000ms;
  start(options);
  auto keep_alive = client();
  ASSERT_TRUE(keep_alive.send(request("GET", "/k")));
  ASSERT_TRUE(keep_alive.read_response());
  std::vector<TestClient> silent;
  for (int i = 0; i < 200; ++i) silent.push_back(client());
  std::this_thread::sleep_for(200ms);  // all accepted (and most already evicted)
  for (int i = 0; i < 20; ++i) {
    auto legit = client();
    ASSERT_TRUE(legit.send(request("GET", "/legit")));
    const auto response = legit.read_response(false, 5000ms);  // ASan on a loaded machine
    ASSERT_TRUE(response) << i;
    EXPECT_EQ(response->status, 200) << i;
  }
  // The idle keep-alive client was never the one to go: a silent socket always was.
  ASSERT_TRUE(keep_alive.send(request("GET", "/k2")));
  const auto again = keep_alive.read_response(false, 2000ms);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

TEST_F(ServerLimitsTest, IdleKeepAliveConnectionsMakeRoomForNewOnes) {
  ServerOptions options = test_options();
  options.limits.max_connections = 2;
  options.limits.idle_timeout = 30000ms;
  start(options);
  auto first = client();
  auto second = client();
  ASSERT_TRUE(first.send(request("GET", "/1")));
  ASSERT_TRUE(first.read_response());
  ASSERT_TRUE(second.send(request("GET", "/2")));
  ASSERT_TRUE(second.read_response());
  // Both wait for a next request that may never come: the new client is served all the same.
  auto third = client();
  ASSERT_TRUE(third.send(request("GET", "/3")));
  const auto served = third.read_response();
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);
  EXPECT_TRUE(first.closed_by_server(2000ms) || second.closed_by_server(2000ms));
}

}  // namespace
}  // namespace restjwt::test
