// Service: the wiring of `restjwt serve` (store, hashers, views, server) from a Config. The
// routes' behaviour is tested in tests/integration_http; here only that the pieces connect.
#include "restjwt/service.hpp"

#include <filesystem>
#include <map>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "unit/server/test_client.hpp"

namespace restjwt {
namespace {

using test::request;
using test::TestClient;

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/restjwt-service-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Config config(const std::string& database_url, const std::string& extra_toml = "") const {
    const std::map<std::string, std::string> values{{"JWT_SECRET_KEY", std::string(40, 'k')},
                                                    {"DATABASE_URL", database_url}};
    auto loaded = load_config_text(
        "[server]\nbind = \"127.0.0.1:0\"\naccess_log = false\n"
        "[passwords]\npbkdf2_iterations = 1000\n" +
            extra_toml,
        [values](std::string_view name) -> std::optional<std::string> {
          const auto found = values.find(std::string(name));
          if (found == values.end()) return std::nullopt;
          return found->second;
        });
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error());
    return loaded ? *loaded : Config{};
  }

  std::string dir_;
};

TEST_F(ServiceTest, CreatesTheDatabaseAndServesTheApplication) {
  const std::string path = dir_ + "/restjwt.sqlite3";
  auto service = Service::start(config("sqlite:///" + path));
  ASSERT_TRUE(service) << service.error().message;
  EXPECT_TRUE((*service)->created_database());
  EXPECT_TRUE(std::filesystem::exists(path));

  TestClient c((*service)->server().local_address().port);
  ASSERT_TRUE(c.send(request("GET", "/nowhere/")));
  const auto not_found = c.read_response();
  ASSERT_TRUE(not_found);
  EXPECT_EQ(not_found->status, 404);
  EXPECT_EQ(not_found->body, R"({"detail":"Not found."})");

  ASSERT_TRUE(c.send(request("POST", "/api-token-auth/", R"({"username":"nobody","password":"x"})",
                             "Content-Type: application/json\r\n")));
  const auto refused = c.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(refused->body,
            R"({"non_field_errors":["Unable to log in with provided credentials."]})");
}

TEST_F(ServiceTest, ReusesAnExistingDatabase) {
  const std::string url = "sqlite:///" + dir_ + "/restjwt.sqlite3";
  { ASSERT_TRUE(Service::start(config(url))); }
  auto again = Service::start(config(url));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_FALSE((*again)->created_database());
}

TEST_F(ServiceTest, MissingDirectoryIsAOneLineError) {
  auto service = Service::start(config("sqlite:///" + dir_ + "/missing/db.sqlite3"));
  ASSERT_FALSE(service);
  EXPECT_TRUE(
      service.error().message.starts_with("database sqlite:///" + dir_ + "/missing/db.sqlite3: "))
      << service.error().message;
  EXPECT_EQ(service.error().message.find('\n'), std::string::npos);
  EXPECT_EQ(service.error().exit_code(), 78);  // a path that cannot exist: fix the configuration
}

TEST_F(ServiceTest, UnreachablePostgresqlIsAOneLineErrorWithoutThePassword) {
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  auto service = Service::start(config("postgresql://app:hunter2@127.0.0.1:1/app"));
  ASSERT_FALSE(service);
  EXPECT_TRUE(
      service.error().message.starts_with("database postgresql://app:<redacted>@127.0.0.1:1/app: "))
      << service.error().message;
  EXPECT_EQ(service.error().message.find("hunter2"), std::string::npos);
  EXPECT_EQ(service.error().message.find('\n'), std::string::npos);
  EXPECT_EQ(service.error().exit_code(), 69);  // unreachable: worth a retry
}

TEST_F(ServiceTest, DatabaseThrottleCountersLiveInTheirOwnTable) {
  const std::string url = "sqlite:///" + dir_ + "/db.sqlite3";
  const std::string shared = "[throttle]\nstorage = \"database\"\n";
  { ASSERT_TRUE(Service::start(config(url))); }  // memory counters add no table
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ + "/db.sqlite3").c_str(), &db), SQLITE_OK);
  const auto tables = [db] {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE name = 'restjwt_throttle'", -1,
                       &stmt, nullptr);
    sqlite3_step(stmt);
    const int count = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return count;
  };
  EXPECT_EQ(tables(), 0);
  {
    auto service = Service::start(config(url, shared));
    ASSERT_TRUE(service) << service.error().message;
  }
  EXPECT_EQ(tables(), 1);
  sqlite3_close(db);
}

TEST_F(ServiceTest, ASomeoneElsesThrottleTableIsAOneLineStartUpError) {
  const std::string path = dir_ + "/db.sqlite3";
  { ASSERT_TRUE(Service::start(config("sqlite:///" + path))); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "CREATE TABLE restjwt_throttle (name TEXT)", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  auto service =
      Service::start(config("sqlite:///" + path, "[throttle]\nstorage = \"database\"\n"));
  ASSERT_FALSE(service);
  EXPECT_TRUE(service.error().message.starts_with(
      "[throttle] storage = \"database\": database sqlite:///" + path + ": "))
      << service.error().message;
  EXPECT_NE(service.error().message.find("restjwt_throttle"), std::string::npos)
      << service.error().message;
  EXPECT_EQ(service.error().message.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace restjwt
