// Every way opening a database can fail has its own message, and a database restjwt did not
// create is never written to unless it holds the user table.
#include <unistd.h>

#include <array>
#include <functional>

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "restjwt/sqlite_user_store.hpp"
#include "store_test_support.hpp"

namespace restjwt {
namespace {

using testing::TempDir;

StoreResult<std::unique_ptr<SqliteUserStore>> open_at(const std::string& path, bool create = false,
                                                      UserTableSchema schema = {}) {
  SqliteStoreOptions options;
  options.path = path;
  options.create_if_missing = create;
  options.schema = std::move(schema);
  return SqliteUserStore::open(options);
}

std::string open_error(const std::string& path, bool create = false, UserTableSchema schema = {}) {
  auto opened = open_at(path, create, std::move(schema));
  if (opened) return "(opened)";
  return opened.error().message;
}

// Root writes to read-only files, so the check runs in a child process as `nobody`.
std::string run_unprivileged(const std::function<std::string()>& body) {
  if (geteuid() != 0) return body();
  std::array<int, 2> fds{};
  if (pipe(fds.data()) != 0) return "(pipe failed)";
  const pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    std::string out = (setgid(65534) == 0 && setuid(65534) == 0) ? body() : "(setuid failed)";
    const ssize_t written = write(fds[1], out.data(), out.size());
    _exit(written == static_cast<ssize_t>(out.size()) ? 0 : 1);
  }
  close(fds[1]);
  std::string out;
  std::array<char, 512> buffer{};
  ssize_t got = 0;
  while ((got = read(fds[0], buffer.data(), buffer.size())) > 0) {
    out.append(buffer.data(), static_cast<std::size_t>(got));
  }
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  return out;
}

TEST(SqliteOpen, MissingDirectoryIsNamed) {
  TempDir dir;
  const std::string path = dir.file("nowhere/db.sqlite3");
  EXPECT_EQ(open_error(path, true), "cannot open database \"" + path + "\": directory \"" +
                                        dir.file("nowhere") + "\" does not exist");
}

TEST(SqliteOpen, MissingFileIsAnErrorUnlessCreationIsRequested) {
  TempDir dir;
  const std::string path = dir.file("db.sqlite3");
  EXPECT_EQ(open_error(path), "cannot open database \"" + path + "\": the file does not exist");
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(SqliteOpen, ADirectoryIsNotADatabase) {
  TempDir dir;
  EXPECT_EQ(open_error(dir.path()),
            "cannot open database \"" + dir.path() + "\": it is a directory");
}

TEST(SqliteOpen, AFileOfAnotherKindIsNamedAndLeftAlone) {
  TempDir dir;
  const std::string path = dir.file("notes.txt");
  const std::string text(4096, 'x');
  testing::write_file(path, text);
  EXPECT_EQ(open_error(path, true),
            "cannot open database \"" + path + "\": not an SQLite database");
  EXPECT_EQ(testing::read_file(path), text);
}

TEST(SqliteOpen, AnEmptyFileIsNotCreatedInto) {
  TempDir dir;
  const std::string path = dir.file("empty.sqlite3");
  testing::write_file(path, "");
  EXPECT_EQ(open_error(path, true),
            "cannot open database \"" + path + "\": no table \"auth_user\"");
  EXPECT_EQ(std::filesystem::file_size(path), 0U);
}

TEST(SqliteOpen, ADatabaseWithoutTheTableIsNotWritten) {
  TempDir dir;
  const std::string path = dir.file("other.sqlite3");
  testing::exec_sql(path, "CREATE TABLE notes (id integer PRIMARY KEY, body text)");
  const std::string before = testing::read_file(path);
  EXPECT_EQ(open_error(path, true),
            "cannot open database \"" + path + "\": no table \"auth_user\"");
  EXPECT_EQ(testing::read_file(path), before);
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
  EXPECT_EQ(testing::query_text(path, "PRAGMA journal_mode"), "delete");
}

TEST(SqliteOpen, AMissingColumnIsNamedWithItsRole) {
  TempDir dir;
  const std::string path = dir.file("db.sqlite3");
  testing::exec_sql(path, R"(CREATE TABLE "auth_user" ("id" integer NOT NULL PRIMARY KEY,
                             "password" varchar(128) NOT NULL, "username" varchar(150) NOT NULL))");
  EXPECT_EQ(open_error(path),
            "cannot open database \"" + path +
                "\": table \"auth_user\" has no column \"email\" (the email field)");
  UserTableSchema by_login;
  by_login.username_field = "login";
  by_login.email_field = "";
  EXPECT_EQ(open_error(path, false, by_login),
            "cannot open database \"" + path +
                "\": table \"auth_user\" has no column \"login\" (the username field)");
  UserTableSchema with_secret;
  with_secret.email_field = "";
  with_secret.secret_column = "jwt_secret";
  EXPECT_EQ(
      open_error(path, false, with_secret),
      "cannot open database \"" + path +
          "\": table \"auth_user\" has no column \"jwt_secret\" (the per-user secret column)");
}

TEST(SqliteOpen, APrimaryKeyOfTheOtherTypeIsNamed) {
  TempDir dir;
  const std::string path = dir.file("db.sqlite3");
  ASSERT_TRUE(open_at(path, true));
  UserTableSchema uuid;
  uuid.id_type = UserTableSchema::IdType::kUuid;
  EXPECT_EQ(open_error(path, false, uuid), "cannot open database \"" + path +
                                               "\": table \"auth_user\": primary key \"id\" is "
                                               "integer, but the id type is configured as uuid");
}

TEST(SqliteOpen, ATableWithoutASingleColumnKeyIsRefused) {
  TempDir dir;
  const std::string path = dir.file("db.sqlite3");
  testing::exec_sql(path, "CREATE TABLE auth_user (password text, username text, email text)");
  EXPECT_EQ(open_error(path), "cannot open database \"" + path +
                                  "\": table \"auth_user\" has no single-column primary key");
}

TEST(SqliteOpen, OnlyDjangosDefaultTableIsCreated) {
  TempDir dir;
  const std::string path = dir.file("db.sqlite3");
  UserTableSchema custom;
  custom.table = "accounts_user";
  EXPECT_EQ(open_error(path, true, custom),
            "cannot open database \"" + path +
                "\": the file does not exist, and restjwt creates "
                "only Django's default auth_user table (run Django's migrate for table "
                "\"accounts_user\")");
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(SqliteOpen, AReadOnlyFileIsRefused) {
  TempDir dir;
  const std::string path = dir.file("db.sqlite3");
  ASSERT_TRUE(open_at(path, true));
  // The store switched the file to WAL; a reader without write access needs rollback mode.
  testing::exec_sql(path, "PRAGMA journal_mode = DELETE");
  chmod(dir.path().c_str(), 0755);
  chmod(path.c_str(), 0444);
  EXPECT_EQ(run_unprivileged([&] { return open_error(path); }),
            "cannot open database \"" + path +
                "\": the file is read-only (restjwt writes upgraded password "
                "hashes, last_login when asked to, and users)");
}

TEST(SqliteOpen, ADirectoryWithoutWriteAccessIsNamed) {
  TempDir dir;
  const std::string path = dir.file("db.sqlite3");
  ASSERT_TRUE(open_at(path, true));
  testing::exec_sql(path, "PRAGMA journal_mode = DELETE");
  // The file is writable, but WAL needs to create db.sqlite3-wal and -shm beside it.
  chmod(path.c_str(), 0666);
  chmod(dir.path().c_str(), 0555);
  const std::string message = run_unprivileged([&] { return open_error(path); });
  chmod(dir.path().c_str(), 0755);
  EXPECT_EQ(message, "cannot open database \"" + path +
                         "\": cannot switch to WAL mode (attempt to write a readonly database): "
                         "the directory must be writable");
}

TEST(SqliteOpen, ALockHeldBeyondTheBusyTimeoutIsUnavailable) {
  TempDir dir;
  SqliteStoreOptions options;
  options.path = dir.file("db.sqlite3");
  options.create_if_missing = true;
  options.busy_timeout = std::chrono::milliseconds(50);
  auto store = SqliteUserStore::open(options);
  ASSERT_TRUE(store);
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(options.path.c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  const auto blocked = (*store)->set_password("alice", "x");
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().kind, StoreError::Kind::kUnavailable);
  EXPECT_EQ(blocked.error().message, "cannot set the password: database is locked");
  EXPECT_TRUE((*store)->set_password("alice", "x"));  // and it recovers once the lock is gone
}

}  // namespace
}  // namespace restjwt
