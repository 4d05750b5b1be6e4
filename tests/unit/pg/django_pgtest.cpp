// The real Django 3.2 and restjwt sharing one PostgreSQL database (issue 5 §1): Django migrates
// and creates users, restjwt authenticates them and upgrades hashes Django still accepts, Django
// reads what restjwt writes, and Django adopts a database restjwt created.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pg_test_support.hpp"
#include "restjwt/credentials.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/postgres_user_store.hpp"
#include "unit/store/store_test_support.hpp"

namespace restjwt {
namespace {

using Kind = CredentialsResult::Kind;
using nlohmann::json;

constexpr std::uint32_t kIterations = 1000;  // django_peer.py's ITERATIONS

json django(const std::string& project, const std::string& url, const std::string& arguments) {
  const std::string command = "PG_URL='" + url +
                              "' /usr/bin/python3 '" RESTJWT_SOURCE_DIR
                              "/tests/unit/pg/django/django_pg_peer.py' '" +
                              project + "' " + arguments;
  const auto result = testing::run_command("/tmp", command);
  EXPECT_EQ(result.exit_code, 0) << command << "\n" << result.err;
  auto parsed = json::parse(result.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(parsed.is_discarded()) << result.out << result.err;
  return parsed;
}

class DjangoOnPostgres : public ::testing::Test {
 protected:
  // Django migrates and seeds one database for the suite; each test gets a copy of it
  // (CREATE DATABASE … TEMPLATE, much faster than migrating again).
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    seeded_ = new std::string(testing::fresh_database());
    django(project(), *seeded_, "create");
    django(project(), *seeded_, "seed");
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete seeded_;
  }
  static std::string project() { return dir_->file("project"); }

  void SetUp() override {
    url_ = testing::fresh_database(*seeded_);
    PostgresStoreOptions options;
    options.url = url_;
    options.now = [] {
      return std::chrono::system_clock::time_point(std::chrono::microseconds(1714564800123456));
    };
    auto opened = PostgresUserStore::open(options);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }

  CredentialsResult login(const std::string& username, const std::string& password) {
    return authenticate_credentials(*store_, hashers_, username, password, false).value();
  }

  static testing::TempDir* dir_;
  static std::string* seeded_;
  std::string url_;
  std::unique_ptr<PostgresUserStore> store_;
  PasswordHashers hashers_ = [] {
    PasswordHasherOptions options;
    options.pbkdf2_iterations = kIterations;
    return PasswordHashers::from_names({"pbkdf2_sha256", "pbkdf2_sha1"}, options).value();
  }();
};

testing::TempDir* DjangoOnPostgres::dir_ = nullptr;
std::string* DjangoOnPostgres::seeded_ = nullptr;

TEST_F(DjangoOnPostgres, RestjwtAuthenticatesDjangosUsersAndDjangoTheUpgradedHashes) {
  const auto alice = login("alice", "alice-pw");
  ASSERT_EQ(alice.kind, Kind::kOk);
  EXPECT_EQ(alice.user->first_name, "Alice");
  EXPECT_EQ(login("alice", "wrong").kind, Kind::kInvalid);
  EXPECT_EQ(login("dave", "").kind, Kind::kInvalid);
  EXPECT_EQ(login("carol", "carol-pw").kind, Kind::kInvalid);
  const auto bob = login("bob", "bob-pw");  // pbkdf2_sha1: upgraded
  ASSERT_EQ(bob.kind, Kind::kOk);
  EXPECT_TRUE(bob.password_upgraded);
  const json checked = django(project(), url_, R"(check '{"bob": "bob-pw"}')");
  EXPECT_EQ(checked["logins"]["bob"], true);
  EXPECT_EQ(checked["users"]["bob"]["hash"], "pbkdf2_sha256$1000");
}

TEST_F(DjangoOnPostgres, DjangoReadsWhatRestjwtWrites) {
  PasswordHashers& hashers = hashers_;
  ASSERT_TRUE(store_->create(
      testing::new_user("frank", hashers.make_password("frank-pw"), "frank@example.com")));
  ASSERT_TRUE(store_->set_active("root", false).value());
  const auto eve = store_->find_by_username("eve").value();
  ASSERT_TRUE(store_->update_last_login(eve->id).value());
  ASSERT_TRUE(store_->remove("alice").value());  // in a group, with an admin log entry
  const json checked =
      django(project(), url_, R"(check '{"frank": "frank-pw", "root": "root-pw"}')");
  EXPECT_EQ(checked["logins"]["frank"], true);
  EXPECT_EQ(checked["logins"]["root"], false);
  EXPECT_EQ(checked["users"]["frank"]["date_joined"], "2024-05-01T12:00:00.123456+00:00");
  EXPECT_EQ(checked["users"]["eve"]["last_login"], "2024-05-01T12:00:00.123456+00:00");
  EXPECT_FALSE(checked["users"].contains("alice"));
  EXPECT_EQ(checked["group_links"], 0);
  EXPECT_EQ(checked["log_entries"], 0);
}

// The catalog of the tables restjwt creates, column by column and constraint by constraint.
std::string catalog(const std::string& url) {
  return testing::pg_query(
      url,
      "SELECT string_agg(line, E'\\n' ORDER BY line) FROM ("
      " SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' ||"
      "  coalesce(character_maximum_length::text, '') || ' ' || coalesce(column_default, '') AS "
      "line"
      " FROM information_schema.columns WHERE table_schema = 'public' AND (table_name LIKE 'auth_%'"
      "  OR table_name IN ('django_migrations', 'django_content_type'))"
      " UNION ALL SELECT conrelid::regclass::text || ' ' || conname || ' ' || "
      "pg_get_constraintdef(oid)"
      " FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
      "  AND conrelid::regclass::text NOT LIKE 'django_admin%'"
      "  AND conrelid::regclass::text NOT LIKE 'django_session%'"
      " UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'"
      "  AND tablename NOT LIKE 'django_admin%' AND tablename NOT LIKE 'django_session%') t");
}

TEST_F(DjangoOnPostgres, DjangoAdoptsADatabaseRestjwtCreated) {
  const std::string fresh = testing::fresh_database();
  PostgresStoreOptions options;
  options.url = fresh;
  options.create_if_missing = true;
  auto created = PostgresUserStore::open(options);
  ASSERT_TRUE(created) << created.error().message;
  ASSERT_TRUE((*created)->create(testing::new_user("founder", hashers_.make_password("pw"))));
  created->reset();
  EXPECT_EQ(catalog(fresh), catalog(url_));
  django(project(), fresh, "migrate");
  EXPECT_EQ(testing::pg_query(fresh,
                              "SELECT count(*) FROM django_migrations "
                              "WHERE app IN ('admin', 'sessions')"),
            "4");
  const json checked = django(project(), fresh, R"(check '{"founder": "pw"}')");
  EXPECT_EQ(checked["logins"]["founder"], true);
}

// A custom user model on PostgreSQL (issue 5 §1: "custom user tables included"): email login, a
// native uuid primary key and a uuid jwt_secret, migrated by Django.
TEST(DjangoCustomUserOnPostgres, LogsInByEmailAndDjangoAcceptsTheUpgrade) {
  const testing::TempDir dir;
  const std::string project = dir.file("project");
  const std::string url = testing::fresh_database();
  django(project, url, "create --custom");
  const json seeded = django(project, url, "seed");
  PostgresStoreOptions options;
  options.url = url;
  options.schema.table = "accounts_user";
  options.schema.username_field = "email";
  options.schema.id_type = UserTableSchema::IdType::kUuid;
  options.schema.email_field = "email";
  options.schema.secret_column = "jwt_secret";
  auto store = PostgresUserStore::open(options);
  ASSERT_TRUE(store) << store.error().message;
  PasswordHasherOptions hasher_options;
  hasher_options.pbkdf2_iterations = kIterations;
  const auto hashers =
      PasswordHashers::from_names({"pbkdf2_sha256", "pbkdf2_sha1"}, hasher_options).value();
  const auto login = [&](const std::string& email, const std::string& password) {
    return authenticate_credentials(**store, hashers, email, password, false).value();
  };
  const auto alice = login("alice@example.com", "alice-pw");
  ASSERT_EQ(alice.kind, Kind::kOk);
  EXPECT_EQ(std::get<std::string>(alice.user->id), seeded["users"]["alice@example.com"]);
  EXPECT_EQ(login("carol@example.com", "carol-pw").kind, Kind::kInvalid);  // inactive
  const auto bob = login("bob@example.com", "bob-pw");                     // pbkdf2_sha1
  ASSERT_EQ(bob.kind, Kind::kOk);
  EXPECT_TRUE(bob.password_upgraded);
  const json checked = django(project, url, R"(check '{"bob@example.com": "bob-pw"}')");
  EXPECT_EQ(checked["logins"]["bob@example.com"], true);
  EXPECT_EQ(checked["users"]["bob@example.com"]["hash"], "pbkdf2_sha256$1000");
  EXPECT_EQ(checked["users"]["alice@example.com"]["jwt_secret"], alice.user->jwt_secret);
}

}  // namespace
}  // namespace restjwt
