// serialize_response: the exact bytes of an answer (one buffer, one write).
#include <gtest/gtest.h>

#include "beast_message.hpp"

namespace restjwt::detail {
namespace {

HttpResponse answer(int status, std::string body, HeaderList headers) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

const HeaderList kFixedDate{{"Content-Type", "application/json"},
                            {"Date", "Sat, 28 Nov 2026 18:00:00 GMT"}};

TEST(SerializeResponse, StatusLineHeadersInOrderLengthAndBody) {
  EXPECT_EQ(serialize_response(answer(200, R"({"token":"t"})", kFixedDate), {false, 11, true}),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            "Date: Sat, 28 Nov 2026 18:00:00 GMT\r\nContent-Length: 13\r\n\r\n{\"token\":\"t\"}");
}

TEST(SerializeResponse, ConnectionFollowsTheVersion) {
  const auto wire = [](unsigned version, bool keep_alive) {
    return serialize_response(answer(401, "x", kFixedDate), {false, version, keep_alive});
  };
  EXPECT_NE(wire(11, false).find("\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx"),
            std::string::npos);
  EXPECT_EQ(wire(11, true).find("Connection"), std::string::npos);
  EXPECT_TRUE(wire(10, true).starts_with("HTTP/1.0 401 Unauthorized\r\n"));
  EXPECT_NE(wire(10, true).find("\r\nConnection: keep-alive\r\n"), std::string::npos);
  EXPECT_EQ(wire(10, false).find("Connection"), std::string::npos);
}

TEST(SerializeResponse, TheServerOwnsTheFramingAndRefusesSplitHeaders) {
  const std::string wire = serialize_response(answer(200, "ok",
                                                     {{"Content-Length", "99"},
                                                      {"Transfer-Encoding", "chunked"},
                                                      {"Connection", "upgrade"},
                                                      {"Keep-Alive", "timeout=1"},
                                                      {"X-Split", "a\r\nSet-Cookie: evil=1"},
                                                      {"X-Ok", "1"}}),
                                              {false, 11, true});
  EXPECT_TRUE(wire.starts_with("HTTP/1.1 200 OK\r\nX-Ok: 1\r\nDate: ")) << wire;
  EXPECT_TRUE(wire.ends_with("\r\nContent-Length: 2\r\n\r\nok")) << wire;
  for (const char* gone : {"chunked", "upgrade", "Keep-Alive", "evil", "99"}) {
    EXPECT_EQ(wire.find(gone), std::string::npos) << gone;
  }
}

TEST(SerializeResponse, HeadAndBodylessStatusesCarryNoBody) {
  // HEAD: the length of the body the handler gave (a GET's), not the body.
  EXPECT_EQ(serialize_response(answer(200, "body", kFixedDate), {true, 11, true}),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            "Date: Sat, 28 Nov 2026 18:00:00 GMT\r\nContent-Length: 4\r\n\r\n");
  // A Content-Length of the handler's own is framing, the server's business: ignored.
  HeaderList declared = kFixedDate;
  declared.emplace_back("Content-Length", "99");
  EXPECT_TRUE(serialize_response(answer(200, "", declared), {true, 11, true})
                  .ends_with("GMT\r\nContent-Length: 0\r\n\r\n"));
  EXPECT_EQ(serialize_response(answer(204, "ignored", kFixedDate), {false, 11, true}),
            "HTTP/1.1 204 No Content\r\nContent-Type: application/json\r\n"
            "Date: Sat, 28 Nov 2026 18:00:00 GMT\r\n\r\n");
}

}  // namespace
}  // namespace restjwt::detail
