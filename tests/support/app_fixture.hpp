// A real Application over a real SQLite file with a known user, a fixed clock and a cheap
// password hasher: the library-level twin of the HTTP integration fixture.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "restjwt/password_hasher.hpp"
#include "restjwt/sqlite_outstanding_tokens.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "restjwt/views.hpp"
#ifdef RESTJWT_TEST_POSTGRES
#include "restjwt/postgres_outstanding_tokens.hpp"
#include "restjwt/postgres_user_store.hpp"
#include "unit/pg/pg_test_support.hpp"
#endif
#include "support/temp_dir.hpp"
#ifdef RESTJWT_TEST_OVER_HTTP
#include "restjwt/server.hpp"
#include "unit/server/test_client.hpp"
#endif

namespace restjwt::testing {

// Runs SQL on a database file (creating it), for tests that need a table Django would make.
inline void exec_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error != nullptr ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

// A new SQLite file with Django's auth schema plus a per-user secret column, as a project adds
// one (JWT_GET_USER_SECRET_KEY = "column:jwt_secret"); the schema that reads it.
inline UserTableSchema make_users_with_secret_column(const std::string& path) {
  {
    SqliteStoreOptions create;
    create.path = path;
    create.create_if_missing = true;
    EXPECT_TRUE(SqliteUserStore::open(create).has_value());
  }
  exec_sql(path, "ALTER TABLE auth_user ADD COLUMN jwt_secret varchar(64) NULL");
  UserTableSchema schema;
  schema.secret_column = "jwt_secret";
  return schema;
}

inline constexpr std::int64_t kNow = 1800000000;  // 2027-01-15 08:00:00 UTC
inline constexpr const char* kSecret = "test-secret-0123456789-abcdefghijklmnop";

struct AppFixture {
  TempDir dir;
  std::unique_ptr<UserStore> store;
  std::unique_ptr<PasswordHashers> hashers;
  std::unique_ptr<Application> app;
  std::int64_t now = kNow;
  // [simplejwt]'s token_blacklist tables in the same database, when the options enable it.
  std::shared_ptr<OutstandingTokenStore> outstanding;
  std::string sqlite_path;  // "" on PostgreSQL

  // With `existing_db`, opens that file (whose table the test created) instead of a new one.
  explicit AppFixture(ApplicationOptions options = {}, UserTableSchema schema = {},
                      const std::string& existing_db = "") {
#ifdef RESTJWT_TEST_POSTGRES
    // The same suites on PostgreSQL: a fresh database with Django's schema per fixture.
    if (existing_db.empty()) {
      PostgresStoreOptions pg;
      pg.url = fresh_database();
      pg.schema = schema;
      pg.create_if_missing = true;
      store = PostgresUserStore::open(pg).value();
      if (options.simplejwt && !options.simplejwt->outstanding) {
        outstanding = open_postgres_outstanding_tokens(pg).value();
        options.simplejwt->outstanding = outstanding;
      }
    }
#endif
    if (!store) {
      SqliteStoreOptions store_options;
      sqlite_path = existing_db.empty() ? dir.file("db.sqlite3") : existing_db;
      store_options.path = sqlite_path;
      store_options.schema = std::move(schema);
      store_options.create_if_missing = existing_db.empty();
      store = SqliteUserStore::open(std::move(store_options)).value();
    }
    PasswordHasherOptions hasher_options;
    hasher_options.pbkdf2_iterations = 1000;
    hashers = std::make_unique<PasswordHashers>(
        PasswordHashers::from_names({"pbkdf2_sha256", "pbkdf2_sha1"}, hasher_options).value());
    if (options.settings.secret_key.empty()) options.settings.secret_key = kSecret;
    if (options.simplejwt && !options.simplejwt->outstanding && !sqlite_path.empty()) {
      outstanding = open_sqlite_outstanding_tokens(sqlite_path, std::chrono::seconds(5)).value();
      options.simplejwt->outstanding = outstanding;
    }
    options.clock = [this] { return now; };
    auto created = Application::create(std::move(options), *store, *hashers);
    if (!created) throw std::runtime_error(created.error());
    app = std::move(*created);
  }

  void add_user(const std::string& username, const std::string& password, bool active = true,
                const std::string& email = "") {
    NewUser user;
    user.username = username;
    user.email = email;
    user.password = hashers->make_password(password);
    user.is_active = active;
    ASSERT_TRUE(store->create(user).has_value());
  }

  // The Application's answer: called directly, or, in the suites built with
  // RESTJWT_TEST_OVER_HTTP (unit_views_http), through the real server over a real socket.
  HttpResponse exchange(const HttpRequest& request) const {
#ifdef RESTJWT_TEST_OVER_HTTP
    return over_http(request);
#else
    HttpResponse response = app->handle(request);
    // What every HTTP server does with the answer to HEAD (restjwt's does it in
    // serialize_response, Django's WSGI servers alike): the length of the body, not the body.
    if (request.method == "HEAD") {
      response.set_header("Content-Length", std::to_string(response.body.size()));
      response.body.clear();
    }
    return response;
#endif
  }

  HttpResponse post(const std::string& target, const std::string& body,
                    const std::string& content_type = "application/json",
                    HeaderList extra = {}) const {
    HttpRequest request;
    request.method = "POST";
    request.target = target;
    request.headers = std::move(extra);
    if (!content_type.empty()) request.headers.emplace_back("Content-Type", content_type);
    request.body = body;
    return exchange(request);
  }

  HttpResponse send(const std::string& method, const std::string& target, HeaderList headers = {},
                    const std::string& body = "") const {
    HttpRequest request;
    request.method = method;
    request.target = target;
    request.headers = std::move(headers);
    request.body = body;
    return exchange(request);
  }

  std::string obtain(const std::string& username, const std::string& password) const {
    const auto response = post("/api-token-auth/", R"({"username":")" + username +
                                                       R"(","password":")" + password + R"("})");
    const auto start = response.body.find("\"token\":\"");
    if (response.status != 200 || start == std::string::npos) return {};
    const auto begin = start + 9;
    return response.body.substr(begin, response.body.find('"', begin) - begin);
  }

#ifdef RESTJWT_TEST_OVER_HTTP
 private:
  mutable std::unique_ptr<Server> server_;

  HttpResponse over_http(const HttpRequest& request) const {
    if (!server_) {
      ServerOptions options;
      options.bind.host = "127.0.0.1";
      options.bind.port = 0;
      options.io_threads = 1;
      auto started = Server::start(options, *app);
      if (!started) throw std::runtime_error(started.error());
      server_ = std::move(*started);
    }
    std::string wire = request.method + " " + request.target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto& [name, value] : request.headers) wire += name + ": " + value + "\r\n";
    if (!request.body.empty() || request.method == "POST")
      wire += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
    wire += "\r\n" + request.body;
    test::TestClient client(server_->local_address().port);
    if (!client.connected() || !client.send(wire))
      throw std::runtime_error("cannot reach the server");
    const auto raw = client.read_response(request.method == "HEAD");
    if (!raw) throw std::runtime_error("no answer from the server");
    HttpResponse response;
    response.status = raw->status;
    response.headers = raw->headers;
    response.body = raw->body;
    return response;
  }
#endif
};

}  // namespace restjwt::testing
