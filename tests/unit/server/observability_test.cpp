// What an operator sees of a running Service: /healthz, /readyz, /metrics, request ids, the drain
// on stop, and SIGHUP's reload — over real sockets, on a real SQLite file.
#include <filesystem>
#include <map>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "restjwt/password_hasher.hpp"
#include "restjwt/service.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "unit/server/test_client.hpp"

namespace restjwt {
namespace {

using namespace std::chrono_literals;
using test::RawResponse;
using test::request;
using test::TestClient;

const std::string kSecret(40, 'k');

class Observability : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/restjwt-observability-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    service_.reset();
    std::filesystem::remove_all(dir_);
  }

  // `server_keys` go in [server]; `tables` after it.
  Config config(const std::string& server_keys = "", const std::string& tables = "",
                const std::string& secret = kSecret) const {
    auto loaded =
        load_config_text("[server]\nbind = \"127.0.0.1:0\"\naccess_log = false\n" + server_keys +
                             "[passwords]\npbkdf2_iterations = 1000\n" + tables,
                         Environment::of({{"JWT_SECRET_KEY", secret},
                                          {"DATABASE_URL", "sqlite:///" + dir_ + "/db.sqlite3"}}));
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error());
    return loaded ? *loaded : Config{};
  }

  void start(const Config& c) {
    auto started = Service::start(c);
    ASSERT_TRUE(started) << started.error().message;
    service_ = std::move(*started);
    port_ = service_->server().local_address().port;
  }

  // The answer, or a status 0 when there is none (so that a failure reads as one).
  RawResponse send(const std::string& wire) const {
    TestClient c(port_);
    std::optional<RawResponse> response;
    if (c.send(wire)) response = c.read_response(wire.starts_with("HEAD"));
    return response.value_or(RawResponse{});
  }
  RawResponse get(const std::string& path, const std::string& headers = "") const {
    return send(request("GET", path, "", headers));
  }
  RawResponse post(const std::string& path, const std::string& body) const {
    return send(request("POST", path, body, "Content-Type: application/json\r\n"));
  }
  std::string obtain() const {
    const auto response =
        post("/api-token-auth/", R"({"username":"alice","password":"pw-of-alice"})");
    if (response.status != 200) return {};
    return nlohmann::json::parse(response.body)["token"].get<std::string>();
  }
  // A user made as createuser makes one, in the Service's own database file.
  void add_alice() const {
    SqliteStoreOptions options;
    options.path = dir_ + "/db.sqlite3";
    auto store = SqliteUserStore::open(options);
    ASSERT_TRUE(store) << store.error().message;
    PasswordHasherOptions cheap;
    cheap.pbkdf2_iterations = 1000;
    const auto hashers = PasswordHashers::from_names({"pbkdf2_sha256"}, cheap).value();
    NewUser alice;
    alice.username = "alice";
    alice.password = hashers.make_password("pw-of-alice");
    ASSERT_TRUE((*store)->create(alice));
  }

  std::string dir_;
  std::unique_ptr<Service> service_;
  std::uint16_t port_ = 0;
};

TEST_F(Observability, HealthAndReadinessAnswerAtOnce) {
  start(config());
  const auto health = get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, R"({"status":"ok"})");
  EXPECT_EQ(health.header("Cache-Control"), "no-store");
  EXPECT_EQ(health.header("X-Content-Type-Options"), "nosniff");
  const auto ready = get("/readyz", "Accept: application/xml\r\n");  // no negotiation here
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body, R"({"status":"ready"})");
  const auto post_health = post("/healthz", "{}");
  EXPECT_EQ(post_health.status, 405);
  EXPECT_EQ(post_health.header("Allow"), "GET, HEAD");
}

TEST_F(Observability, ProbePathsAreConfigurableAndCanBeTurnedOff) {
  start(config("health_path = \"/-/alive\"\nready_path = \"\"\n"));
  EXPECT_EQ(get("/-/alive").status, 200);
  EXPECT_EQ(get("/healthz").status, 404);
  EXPECT_EQ(get("/readyz").status, 404);
}

TEST_F(Observability, MetricsCountRequestsLoginsAndRefusalsWithoutNamingAnyone) {
  start(config());
  ASSERT_EQ(post("/api-token-auth/", R"({"username":"mallory","password":"guess"})").status, 400);
  ASSERT_EQ(post("/api-token-verify/", R"({"token":"not-a-token"})").status, 400);
  ASSERT_EQ(get("/api/user/", "Authorization: JWT a.b.c\r\n").status, 401);
  ASSERT_EQ(get("/nowhere/").status, 404);
  // A request is counted once its answer is written, just after the client may have read it.
  RawResponse metrics;
  for (int i = 0; i < 100; ++i) {
    metrics = get("/metrics");
    if (metrics.body.find("status=\"404\"} 1\n") != std::string::npos) break;
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = metrics.body;
  for (const char* line :
       {"restjwt_logins_total{outcome=\"bad_credentials\"} 1\n",
        "restjwt_token_refusals_total{reason=\"token_malformed\",surface=\"token_view\"} 1\n",
        "restjwt_http_requests_total{route=\"/api-token-auth/\",method=\"POST\",status=\"400\"} "
        "1\n",
        "restjwt_http_requests_total{route=\"other\",method=\"GET\",status=\"404\"} 1\n",
        "restjwt_http_requests_total{route=\"/api/user/\",method=\"GET\",status=\"401\"} 1\n",
        "restjwt_ready 1\n", "# TYPE restjwt_http_request_duration_seconds histogram\n",
        "restjwt_http_request_duration_seconds_count{route=\"/api-token-verify/\"} 1\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
  EXPECT_EQ(text.find("mallory"), std::string::npos);
  EXPECT_EQ(text.find("127.0.0.1"), std::string::npos);
  // Every sample line parses as `name{labels} value` or `name value`.
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with("#")) continue;
    EXPECT_EQ(line.find("restjwt_"), 0U) << line;
    EXPECT_NE(line.rfind(' '), std::string::npos) << line;
  }
}

TEST_F(Observability, MetricsOnTheirOwnAddress) {
  start(config("metrics_bind = \"127.0.0.1:0\"\n"));
  EXPECT_EQ(get("/metrics").status, 404);  // not on the API's listener
  ASSERT_TRUE(service_->metrics_address());
  TestClient c(service_->metrics_address()->port);
  // A request is counted once its answer is written, just after the client may have read it.
  std::string body;
  for (int i = 0; i < 100 && body.find("status=\"404\"} 1\n") == std::string::npos; ++i) {
    ASSERT_TRUE(c.send(request("GET", "/metrics")));
    const auto metrics = c.read_response();
    ASSERT_TRUE(metrics);
    EXPECT_EQ(metrics->status, 200);
    body = metrics->body;
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_NE(body.find("restjwt_http_requests_total{route=\"other\",method=\"GET\","
                      "status=\"404\"} 1\n"),
            std::string::npos)
      << body;
  ASSERT_TRUE(c.send(request("GET", "/api-token-auth/")));
  EXPECT_EQ(c.read_response()->status, 404);  // nothing else there
}

TEST_F(Observability, RequestIdsAreTakenOrMadeAndEchoed) {
  start(config());
  const auto given = get("/healthz", "X-Request-ID: abc-123.xyz\r\n");
  EXPECT_EQ(given.header("X-Request-ID"), "abc-123.xyz");
  const auto made = get("/healthz", "X-Request-ID: no spaces allowed\r\n");
  const auto id = made.header("X-Request-ID").value_or("");
  EXPECT_EQ(id.size(), 16U);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  EXPECT_NE(get("/healthz").header("X-Request-ID"), made.header("X-Request-ID"));
}

TEST_F(Observability, StoppingDrainsFirstThenClosesTheListener) {
  start(config("drain_delay = \"600ms\"\n"));
  TestClient kept(port_);
  ASSERT_TRUE(kept.send(request("GET", "/healthz")));
  ASSERT_TRUE(kept.read_response());
  service_->server().stop();
  // Draining: still accepting, not ready, and every answer closes its connection.
  const auto ready = get("/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(ready.body, R"({"status":"unavailable","reason":"stopping"})");
  ASSERT_TRUE(kept.send(request("GET", "/healthz")));
  const auto last = kept.read_response();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->header("Connection"), "close");
  EXPECT_TRUE(kept.closed_by_server());
  service_->server().wait();
  EXPECT_FALSE(TestClient(port_).connected());  // the listener is closed after the delay
}

TEST_F(Observability, ReloadSwapsKeysAndKeepsServingAndABadConfigIsRefused) {
  start(config("", "[jwt_auth]\nJWT_ALLOW_REFRESH = true\n"));
  add_alice();
  const std::string old_token = obtain();
  ASSERT_FALSE(old_token.empty());
  TestClient kept(port_);  // a keep-alive connection that lives through the reload
  ASSERT_TRUE(kept.send(request("GET", "/healthz")));
  ASSERT_TRUE(kept.read_response());

  ASSERT_TRUE(
      service_->reload(config("", "[jwt_auth]\nJWT_ALLOW_REFRESH = true\n", std::string(40, 'n'))));
  // New secret: the old token no longer verifies, a new one does; the connection stayed open.
  ASSERT_TRUE(kept.send(request("POST", "/api-token-verify/", R"({"token":")" + old_token + "\"}",
                                "Content-Type: application/json\r\n")));
  const auto refused = kept.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->body, R"({"non_field_errors":["Error decoding signature."]})");
  const std::string new_token = obtain();
  ASSERT_FALSE(new_token.empty());
  EXPECT_EQ(post("/api-token-verify/", R"({"token":")" + new_token + "\"}").status, 200);

  // A configuration that does not build (a secret too short) changes nothing.
  Config bad = config();
  bad.jwt.secret_key = "short";
  EXPECT_FALSE(service_->reload(bad));
  EXPECT_EQ(post("/api-token-verify/", R"({"token":")" + new_token + "\"}").status, 200);
}

}  // namespace
}  // namespace restjwt
