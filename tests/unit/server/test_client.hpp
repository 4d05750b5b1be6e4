// A deliberately dumb HTTP/1.1 client over a POSIX socket: it sends exactly the bytes a test
// writes (broken framing, trickled headers, pipelined requests) and parses responses strictly
// enough to check status, headers and body. No Beast, so the tests compile fast.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace restjwt::test {

using namespace std::chrono_literals;

struct RawResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header with this name (case-insensitive), or nullopt.
  std::optional<std::string> header(std::string_view name) const;
};

class TestClient {
 public:
  // Connects to host:port (IPv4 or IPv6 literal); check connected() before use.
  TestClient(std::uint16_t port, const std::string& host = "127.0.0.1");
  TestClient(TestClient&& other) noexcept;
  TestClient& operator=(TestClient&&) = delete;
  ~TestClient();

  bool connected() const { return fd_ >= 0; }
  bool send(std::string_view bytes);
  // One response. `head`: the request was HEAD (no body whatever Content-Length says). nullopt
  // when the connection ends or `timeout` passes first.
  std::optional<RawResponse> read_response(bool head = false,
                                           std::chrono::milliseconds timeout = 5s);
  // True when the server closes (EOF or reset) within `timeout`, ignoring any bytes it sends.
  bool closed_by_server(std::chrono::milliseconds timeout = 5s);
  // Half-closes the sending side (the server sees EOF).
  void shutdown_send();

 private:
  // Appends what arrives within `timeout`; false on EOF, error or timeout.
  bool fill(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::string buffer_;
};

// "GET /path HTTP/1.1\r\nHost: t\r\n<extra>\r\n" + body with Content-Length when non-empty.
std::string request(std::string_view method, std::string_view target, std::string_view body = "",
                    std::string_view extra_headers = "");

}  // namespace restjwt::test
