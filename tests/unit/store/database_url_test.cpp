#include "restjwt/database_url.hpp"

#include <gtest/gtest.h>

#include "restjwt/postgres_user_store.hpp"

namespace restjwt {
namespace {

struct GoodUrl {
  const char* url;
  DatabaseUrl::Scheme scheme;
  const char* location;
};

class DatabaseUrlParse : public ::testing::TestWithParam<GoodUrl> {};

TEST_P(DatabaseUrlParse, FollowsTheSqlAlchemySlashConvention) {
  const auto parsed = parse_database_url(GetParam().url);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->scheme, GetParam().scheme);
  EXPECT_EQ(parsed->location, GetParam().location);
}

INSTANTIATE_TEST_SUITE_P(
    Urls, DatabaseUrlParse,
    ::testing::Values(
        GoodUrl{"sqlite:///var/restjwt.sqlite3", DatabaseUrl::Scheme::kSqlite,
                "var/restjwt.sqlite3"},
        GoodUrl{"sqlite:///db.sqlite3", DatabaseUrl::Scheme::kSqlite, "db.sqlite3"},
        GoodUrl{"sqlite:////srv/app/db.sqlite3", DatabaseUrl::Scheme::kSqlite,
                "/srv/app/db.sqlite3"},
        GoodUrl{"sqlite:///my%20dir/db.sqlite3", DatabaseUrl::Scheme::kSqlite, "my dir/db.sqlite3"},
        GoodUrl{"postgresql://u:p@localhost:5432/app", DatabaseUrl::Scheme::kPostgresql,
                "postgresql://u:p@localhost:5432/app"},
        GoodUrl{"postgres://localhost/app", DatabaseUrl::Scheme::kPostgresql,
                "postgres://localhost/app"}));

struct BadUrl {
  const char* url;
  const char* reason;  // for sqlite:// URLs; the whole message otherwise
};

class DatabaseUrlReject : public ::testing::TestWithParam<BadUrl> {};

TEST_P(DatabaseUrlReject, ExplainsWhatIsWrong) {
  const std::string url = GetParam().url;
  const auto parsed = parse_database_url(url);
  ASSERT_FALSE(parsed);
  if (url.starts_with("sqlite:")) {
    EXPECT_EQ(parsed.error(), "invalid database URL \"" + url + "\": " + GetParam().reason +
                                  " (use sqlite:///relative/path.sqlite3 or "
                                  "sqlite:////absolute/path.sqlite3)");
  } else {
    EXPECT_EQ(parsed.error(), GetParam().reason);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Urls, DatabaseUrlReject,
    ::testing::Values(
        BadUrl{"sqlite://", "a host is not allowed in a SQLite URL"},
        BadUrl{"sqlite://host/db", "a host is not allowed in a SQLite URL"},
        BadUrl{"sqlite:///", "the path is empty"},
        BadUrl{"sqlite:///:memory:", "an in-memory database cannot be shared by threads"},
        BadUrl{"sqlite:///db?mode=ro", "query parameters are not supported"},
        BadUrl{"sqlite:///db%2", "a '%' escape is not followed by two hex digits"},
        BadUrl{"sqlite:///db%00x", "the path contains %00"},
        // Another scheme may carry a password: only the scheme is echoed.
        BadUrl{"mysql://root:secret@db/app",
               "unsupported database URL scheme \"mysql\" (expected sqlite:// or postgresql://)"},
        BadUrl{"var/restjwt.sqlite3",
               "unsupported database URL scheme \"\" (expected sqlite:// or postgresql://)"}));

TEST(DatabaseUrl, DefaultIsTheRelativeVarFile) {
  const auto parsed = parse_database_url(kDefaultDatabaseUrl);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->location, "var/restjwt.sqlite3");
}

}  // namespace
}  // namespace restjwt

namespace restjwt {
namespace {

TEST(RedactDatabaseMessage, LibpqsOwnWordsLoseThePassword) {
  const std::string url = "postgresql://app:hunter2@[::1/app";
  EXPECT_EQ(redact_database_message(
                "end of string reached when looking for matching \"]\" in IPv6 host address in "
                "URI: \"" +
                    url + "\"",
                url),
            "end of string reached when looking for matching \"]\" in IPv6 host address in URI: "
            "\"postgresql://app:<redacted>@[::1/app\"");
  // The password alone, percent-encoded or not, anywhere in the text.
  EXPECT_EQ(
      redact_database_message("password hunter2 and p@ss!", "postgresql://app:p%40ss%21@db/app"),
      "password hunter2 and <redacted>");
  EXPECT_EQ(redact_database_message("no secret here", "postgresql://db/app"), "no secret here");
}

TEST(RedactDatabaseMessage, AMalformedUrlNeverReachesAMessageWithItsPassword) {
  for (const char* url :
       {"postgresql://app:hunter2@[::1/app", "postgresql://app:hunter2@db:5x32/app",
        "postgresql://app:hunter2@db/app?sslmode=bogus"}) {
    PostgresStoreOptions options;
    options.url = url;
    const auto store = PostgresUserStore::open(options);
    ASSERT_FALSE(store) << url;
    EXPECT_EQ(store.error().message.find("hunter2"), std::string::npos) << store.error().message;
  }
}

}  // namespace
}  // namespace restjwt
