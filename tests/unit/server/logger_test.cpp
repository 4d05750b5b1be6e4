// The service's log: the access line's fields, both formats, levels, and a reader that stops
// reading — which must cost requests nothing (lines are dropped and counted, never waited for).
#include "service/logger.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace restjwt::detail {
namespace {

using namespace std::chrono_literals;

RequestRecord record(std::string_view method, std::string_view target, int status,
                     std::string_view client = "127.0.0.1", std::string_view request_id = "") {
  RequestRecord r;
  r.method = method;
  r.target = target;
  r.status = status;
  r.latency = std::chrono::microseconds(812);
  r.client = client;
  r.request_id = request_id;
  return r;
}

TEST(AccessLog, OneLogfmtLineWithoutTheQuery) {
  EXPECT_EQ(format_access_text(record("POST", "/api-token-verify/?token=eyJ.secret", 200)),
            "access method=POST path=/api-token-verify/ status=200 latency_us=812 "
            "client=127.0.0.1");
  EXPECT_EQ(format_access_text(record("GET", "/x", 200, "10.0.0.1", "abc-123")),
            "access method=GET path=/x status=200 latency_us=812 client=10.0.0.1 "
            "request_id=abc-123");
}

TEST(AccessLog, AnUnknownPathIsNotLogged) {
  EXPECT_EQ(format_access_text(
                record("GET", "/eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.e30.sig/", 404, "10.0.0.1")),
            "access method=GET path=- status=404 latency_us=812 client=10.0.0.1");
}

TEST(AccessLog, EscapesControlCharactersSpacesQuotesAndNonAscii) {
  EXPECT_EQ(escape_log_field("/a\r\nstatus=200 x\"\\\x7f\xc3\xa9"),
            "/a\\x0d\\x0astatus=200\\x20x\\x22\\x5c\\x7f\\xc3\\xa9");
  RequestRecord empty = record("", "", 400, "");
  empty.latency = std::chrono::microseconds(0);
  EXPECT_EQ(format_access_text(empty), "access method=- path=- status=400 latency_us=0 client=-");
}

// A pipe the test reads (or does not).
struct Pipe {
  int read_end = -1;
  int write_end = -1;
  Pipe() {
    int fds[2];
    EXPECT_EQ(pipe2(fds, O_CLOEXEC), 0);
    read_end = fds[0];
    write_end = fds[1];
  }
  ~Pipe() {
    if (read_end >= 0) close(read_end);
    if (write_end >= 0) close(write_end);
  }
  std::string drain() const {
    const int flags = fcntl(read_end, F_GETFL);
    fcntl(read_end, F_SETFL, flags | O_NONBLOCK);
    std::string out;
    char buffer[65536];
    for (;;) {
      const ssize_t n = read(read_end, buffer, sizeof buffer);
      if (n <= 0) break;
      out.append(buffer, static_cast<std::size_t>(n));
    }
    fcntl(read_end, F_SETFL, flags);
    return out;
  }
};

TEST(Logger, TextLinesHaveTimeLevelAndMessage) {
  Pipe pipe;
  Logger logger(LogConfig{}, pipe.write_end);
  logger.log(LogLevel::kInfo, "listening on 127.0.0.1:8000");
  logger.log(LogLevel::kDebug, "not shown at info");
  logger.access(record("POST", "/api-token-auth/", 200));
  logger.access(record("GET", "/healthz", 200), LogLevel::kDebug);
  logger.flush();
  std::istringstream lines(pipe.drain());
  std::string first, second, third;
  ASSERT_TRUE(std::getline(lines, first));
  ASSERT_TRUE(std::getline(lines, second));
  EXPECT_FALSE(std::getline(lines, third));
  // 2026-12-06T09:00:00.123456Z info listening on 127.0.0.1:8000
  ASSERT_GE(first.size(), 28U);
  EXPECT_EQ(first[10], 'T');
  EXPECT_EQ(first[26], 'Z');
  EXPECT_EQ(first.substr(27), " info listening on 127.0.0.1:8000");
  EXPECT_TRUE(
      second.ends_with(" info access method=POST path=/api-token-auth/ status=200 "
                       "latency_us=812 client=127.0.0.1"))
      << second;
}

TEST(Logger, DebugLevelShowsEverything) {
  Pipe pipe;
  LogConfig config;
  config.level = LogLevel::kDebug;
  Logger logger(config, pipe.write_end);
  logger.access(record("GET", "/healthz", 200), LogLevel::kDebug);
  logger.set_level(LogLevel::kError);
  logger.log(LogLevel::kWarning, "hidden");
  logger.log(LogLevel::kError, "shown");
  logger.flush();
  const std::string out = pipe.drain();
  EXPECT_NE(out.find("debug access method=GET path=/healthz"), std::string::npos) << out;
  EXPECT_EQ(out.find("hidden"), std::string::npos);
  EXPECT_NE(out.find("error shown"), std::string::npos);
}

TEST(Logger, JsonLinesAreOneObjectEach) {
  Pipe pipe;
  LogConfig config;
  config.format = LogFormat::kJson;
  Logger logger(config, pipe.write_end);
  logger.log(LogLevel::kWarning, "a \"quoted\"\nmessage \xc3\xa9");
  logger.access(record("POST", "/api-token-auth/?x=1", 429, "10.0.0.2", "rid-1"));
  logger.access(record("GET", "/secret-token-path/", 404));
  logger.flush();
  std::istringstream lines(pipe.drain());
  std::string line;
  ASSERT_TRUE(std::getline(lines, line));
  auto first = nlohmann::json::parse(line);
  EXPECT_EQ(first["level"], "warning");
  EXPECT_EQ(first["msg"], "a \"quoted\"\nmessage \xc3\xa9");
  EXPECT_TRUE(first["time"].get<std::string>().ends_with("Z"));
  ASSERT_TRUE(std::getline(lines, line));
  auto access = nlohmann::json::parse(line);
  EXPECT_EQ(access["msg"], "access");
  EXPECT_EQ(access["method"], "POST");
  EXPECT_EQ(access["path"], "/api-token-auth/");
  EXPECT_EQ(access["status"], 429);
  EXPECT_EQ(access["latency_us"], 812);
  EXPECT_EQ(access["client"], "10.0.0.2");
  EXPECT_EQ(access["request_id"], "rid-1");
  ASSERT_TRUE(std::getline(lines, line));
  EXPECT_TRUE(nlohmann::json::parse(line)["path"].is_null());  // a 404's path is not logged
}

// A reader that stops reading: the pipe fills (64 KiB), the writer thread blocks on it, and then
// the logger's own buffer fills. Logging must go on returning at once; what does not fit is
// dropped and counted, and said once the reader reads again.
TEST(Logger, AStalledReaderNeverStallsTheCaller) {
  Pipe pipe;
  Logger logger(LogConfig{}, pipe.write_end);
  const std::string path = "/" + std::string(200, 'p') + "/";
  const auto begun = std::chrono::steady_clock::now();
  constexpr int kLines = 200'000;  // about 60 MB of log
  for (int i = 0; i < kLines; ++i) logger.access(record("GET", path, 200));
  const auto took = std::chrono::steady_clock::now() - begun;
  EXPECT_LT(took, 10s);  // a blocked write would never return at all
  EXPECT_GT(logger.dropped(), 0U);
  // The reader comes back: what was kept arrives, then the count of what was lost.
  std::string seen;
  for (int i = 0; i < 200 && seen.find("log line(s) dropped") == std::string::npos; ++i) {
    seen += pipe.drain();
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_NE(seen.find(" log line(s) dropped: the reader of this log did not keep up"),
            std::string::npos);
}

}  // namespace
}  // namespace restjwt::detail
