// CORS as django-cors-headers answers it (docs/wire-contract.md §16.3): preflights before the
// view, the Access-Control-* headers for allowed origins only, Vary: Origin on every answer, and
// nothing at all while no origin is configured.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "restjwt/protected_view.hpp"
#include "restjwt/responses.hpp"
#include "support/app_fixture.hpp"

namespace restjwt {
namespace {

using testing::AppFixture;

constexpr const char* kApp = "https://app.example.com";
constexpr const char* kDefaultMethods = "DELETE, GET, OPTIONS, PATCH, POST, PUT";
constexpr const char* kDefaultHeaders =
    "accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with";

// Every header of this name, in order (the first only would hide a duplicate).
std::vector<std::string> all(const HttpResponse& response, std::string_view name) {
  std::vector<std::string> values;
  for (const auto& [header, value] : response.headers) {
    if (iequals(header, name)) values.push_back(value);
  }
  return values;
}

HeaderList preflight_from(const std::string& origin, const std::string& method = "POST") {
  return {{"Origin", origin},
          {"Access-Control-Request-Method", method},
          {"Access-Control-Request-Headers", "authorization,content-type"}};
}

ApplicationOptions with_cors() {
  ApplicationOptions options;
  options.cors.allowed_origins = {kApp};
  options.cors.allowed_origin_regexes = {R"(https://[a-z]+\.preview\.example\.com)"};
  return options;
}

struct Cors : ::testing::Test {
  std::unique_ptr<AppFixture> f;
  void SetUp() override { make(with_cors()); }
  void make(ApplicationOptions options) {
    f = std::make_unique<AppFixture>(std::move(options));
    f->add_user("alice", "pw", true, "alice@example.com");
  }
  HttpResponse login(HeaderList headers) const {
    return f->post("/api-token-auth/", R"({"username":"alice","password":"pw"})",
                   "application/json", std::move(headers));
  }
};

TEST_F(Cors, OffWithoutAnOriginAnswersAsDrfJwt) {
  make({});
  const auto answer = login({{"Origin", kApp}});
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(all(answer, "Vary"), std::vector<std::string>{"Accept"});
  EXPECT_EQ(answer.header("Access-Control-Allow-Origin"), "");
  // Without CORS a "preflight" is an OPTIONS like any other: DRF's metadata.
  const auto options = f->send("OPTIONS", "/api-token-auth/", preflight_from(kApp));
  EXPECT_EQ(options.status, 200);
  EXPECT_EQ(options.header("Content-Type"), "application/json");
  EXPECT_EQ(options.header("Access-Control-Allow-Methods"), "");
  const auto user = f->send("OPTIONS", "/api/user/", preflight_from(kApp));
  EXPECT_EQ(user.status, 401);
}

TEST_F(Cors, APreflightIsAnsweredBeforeAuthenticationAndMethodChecks) {
  for (const char* route : {"/api/user/", "/api-token-auth/", "/api-token-verify/"}) {
    const auto answer = f->send("OPTIONS", route, preflight_from(kApp, "DELETE"));
    EXPECT_EQ(answer.status, 200) << route;
    EXPECT_EQ(answer.body, "") << route;
    EXPECT_EQ(answer.header("Content-Type"), "text/html; charset=utf-8") << route;
    EXPECT_EQ(answer.header("WWW-Authenticate"), "") << route;
    EXPECT_EQ(answer.header("Allow"), "") << route;
    EXPECT_EQ(all(answer, "Vary"), std::vector<std::string>{"Origin"}) << route;
    EXPECT_EQ(answer.header("Access-Control-Allow-Origin"), kApp) << route;
    EXPECT_EQ(answer.header("Access-Control-Allow-Methods"), kDefaultMethods) << route;
    EXPECT_EQ(answer.header("Access-Control-Allow-Headers"), kDefaultHeaders) << route;
    EXPECT_EQ(answer.header("Access-Control-Max-Age"), "86400") << route;
    EXPECT_EQ(answer.header("Access-Control-Allow-Credentials"), "") << route;
  }
}

TEST_F(Cors, AnOriginThatIsNotAllowedGetsNoCorsHeaders) {
  for (const char* origin :
       {"https://evil.example", "http://app.example.com", "https://app.example.com:8443",
        "https://app.example.com.evil.example", "null", "https://x.preview.example.com.evil"}) {
    const auto preflight = f->send("OPTIONS", "/api/user/", preflight_from(origin));
    EXPECT_EQ(preflight.status, 200) << origin;  // corsheaders answers it; the browser blocks
    EXPECT_EQ(preflight.body, "") << origin;
    EXPECT_EQ(all(preflight, "Vary"), std::vector<std::string>{"Origin"}) << origin;
    const auto answer = login({{"Origin", origin}});
    EXPECT_EQ(answer.status, 200) << origin;
    EXPECT_EQ(all(answer, "Vary"), std::vector<std::string>{"Accept, Origin"}) << origin;
    for (const auto* header : {"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
                               "Access-Control-Allow-Methods", "Access-Control-Allow-Headers",
                               "Access-Control-Max-Age", "Access-Control-Expose-Headers"}) {
      EXPECT_EQ(preflight.header(header), "") << origin << " " << header;
      EXPECT_EQ(answer.header(header), "") << origin << " " << header;
    }
  }
  // Two Origin headers are joined as Django sees them: no origin.
  const auto doubled = login({{"Origin", kApp}, {"Origin", kApp}});
  EXPECT_EQ(doubled.header("Access-Control-Allow-Origin"), "");
}

TEST_F(Cors, EveryAnswerToAnAllowedOriginNamesIt) {
  const auto token = login({{"Origin", kApp}});
  EXPECT_EQ(token.status, 200);
  EXPECT_EQ(all(token, "Vary"), std::vector<std::string>{"Accept, Origin"});
  EXPECT_EQ(all(token, "Access-Control-Allow-Origin"), std::vector<std::string>{kApp});
  EXPECT_EQ(token.header("Access-Control-Allow-Methods"), "");  // only on OPTIONS
  const std::string preview = "https://blue.preview.example.com";
  const auto refused = f->send("GET", "/api/user/", {{"Origin", preview}});
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.header("Access-Control-Allow-Origin"), preview);
  EXPECT_EQ(refused.header("WWW-Authenticate"), R"(JWT realm="api")");
  const auto missing = f->send("GET", "/nowhere/", {{"Origin", kApp}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.header("Access-Control-Allow-Origin"), kApp);
  const auto redirect = f->send("POST", "/api-token-auth", {{"Origin", kApp}});
  EXPECT_EQ(redirect.status, 301);
  EXPECT_EQ(all(redirect, "Vary"), std::vector<std::string>{"Origin"});
  // A preflight needs a known route.
  EXPECT_EQ(f->send("OPTIONS", "/nowhere/", preflight_from(kApp)).status, 404);
  // An OPTIONS that is not a preflight is the view's: DRF's metadata, with the CORS lists.
  const auto metadata = f->send("OPTIONS", "/api-token-verify/", {{"Origin", kApp}});
  EXPECT_EQ(metadata.status, 200);
  EXPECT_EQ(metadata.header("Content-Type"), "application/json");
  EXPECT_EQ(metadata.header("Access-Control-Allow-Methods"), kDefaultMethods);
  // No Origin: not a cross-origin request; Vary still tells caches the answer depends on it.
  const auto plain = login({});
  EXPECT_EQ(all(plain, "Vary"), std::vector<std::string>{"Accept, Origin"});
  EXPECT_EQ(plain.header("Access-Control-Allow-Origin"), "");
}

TEST_F(Cors, CredentialsExposedHeadersAndLists) {
  ApplicationOptions options = with_cors();
  options.cors.allow_credentials = true;
  options.cors.expose_headers = {"x-auth-username", "x-auth-user-id"};
  options.cors.allow_methods = {"GET", "POST"};
  options.cors.allow_headers = {"authorization"};
  options.cors.max_age = std::chrono::seconds(0);
  make(options);
  const auto preflight = f->send("OPTIONS", "/api/user/", preflight_from(kApp));
  EXPECT_EQ(preflight.header("Access-Control-Allow-Origin"), kApp);  // never "*"
  EXPECT_EQ(preflight.header("Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(preflight.header("Access-Control-Allow-Methods"), "GET, POST");
  EXPECT_EQ(preflight.header("Access-Control-Allow-Headers"), "authorization");
  EXPECT_EQ(preflight.header("Access-Control-Max-Age"), "");
  const auto token = f->obtain("alice", "pw");
  const auto user =
      f->send("GET", "/api/user/", {{"Origin", kApp}, {"Authorization", "JWT " + token}});
  EXPECT_EQ(user.status, 200);
  EXPECT_EQ(user.header("Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(user.header("Access-Control-Expose-Headers"), "x-auth-username, x-auth-user-id");
}

class HelloView final : public ProtectedView {
 public:
  explicit HelloView(std::shared_ptr<const JwtAuthenticator> auth)
      : ProtectedView(std::move(auth), {"Hello", "Greets the user.", {"PUT"}}) {}

 private:
  HttpResponse respond(const HttpRequest&, const User& user) const override {
    Claims body = Claims::object();
    body["hello"] = user.username;
    return json_response(200, render_json(body), allow());
  }
};

TEST_F(Cors, RoutesAddedByTheProgramHaveItToo) {
  ASSERT_TRUE(
      f->app->add_route("/api/hello/", std::make_shared<HelloView>(f->app->authenticator())));
  const auto preflight = f->send("OPTIONS", "/api/hello/", preflight_from(kApp, "PUT"));
  EXPECT_EQ(preflight.status, 200);
  EXPECT_EQ(preflight.header("Access-Control-Allow-Origin"), kApp);
  const auto token = f->obtain("alice", "pw");
  const auto hello =
      f->send("PUT", "/api/hello/", {{"Origin", kApp}, {"Authorization", "JWT " + token}});
  EXPECT_EQ(hello.status, 200);
  EXPECT_EQ(hello.body, R"({"hello":"alice"})");
  EXPECT_EQ(hello.header("Access-Control-Allow-Origin"), kApp);
  EXPECT_EQ(all(hello, "Vary"), std::vector<std::string>{"Accept, Origin"});
}

TEST(CorsOptionsCheck, ARegexThatDoesNotCompileIsRefused) {
  ApplicationOptions options;
  options.cors.allowed_origin_regexes = {"https://(app"};
  try {
    AppFixture f(options);
    ADD_FAILURE() << "created";
  } catch (const std::runtime_error& error) {
    EXPECT_TRUE(
        std::string(error.what()).starts_with("[cors]: CORS origin regex \"https://(app\": "))
        << error.what();
  }
}

}  // namespace
}  // namespace restjwt
