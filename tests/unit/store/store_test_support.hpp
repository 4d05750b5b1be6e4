// Helpers for the store tests: temporary directories, raw SQL on a test database, running a
// command and reading its output.
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <sqlite3.h>
#include <sys/wait.h>

#include "restjwt/user.hpp"

namespace restjwt::testing {

// A NewUser without designated initializers (-Wmissing-field-initializers).
inline NewUser new_user(std::string username, std::string password, std::string email = "") {
  NewUser user;
  user.username = std::move(username);
  user.password = std::move(password);
  user.email = std::move(email);
  return user;
}

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/restjwt-store-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A plain SQLite connection of this process, as Django's or another tool's would be; throws on
// error, since a broken fixture is a broken test.
class RawConnection {
 public:
  explicit RawConnection(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
      sqlite3_close(db_);
      throw std::runtime_error("cannot open " + path);
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  ~RawConnection() { sqlite3_close(db_); }

  // Runs SQL, several statements allowed.
  void exec(const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    const std::string error = message != nullptr ? message : "";
    sqlite3_free(message);
    if (rc != SQLITE_OK) throw std::runtime_error("SQL failed: " + error + " in: " + sql);
  }

 private:
  sqlite3* db_ = nullptr;
};

// Runs SQL (several statements allowed) on `path`, creating the file if needed.
inline void exec_sql(const std::string& path, const std::string& sql) {
  RawConnection(path).exec(sql);
}

// The first column of the first row of `sql`, as text ("" when there is no row or it is NULL).
inline std::string query_text(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
    out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `command` with sh in `dir`, stdin from `input`; stdout and stderr captured separately.
inline CommandResult run_command(const std::string& dir, const std::string& command,
                                 const std::string& input = "") {
  static int counter = 0;
  // The pid keeps concurrent test processes (ctest -j) apart when they share `dir`.
  const std::string base =
      dir + "/.cmd" + std::to_string(getpid()) + "-" + std::to_string(++counter);
  write_file(base + ".in", input);
  const std::string line = "cd '" + dir + "' && " + command + " <'" + base + ".in' >'" + base +
                           ".out' 2>'" + base + ".err'";
  const int status = std::system(line.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(base + ".out");
  result.err = read_file(base + ".err");
  return result;
}

}  // namespace restjwt::testing
