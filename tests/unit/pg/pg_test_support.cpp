#include "pg_test_support.hpp"

#include <stdlib.h>

#include <array>
#include <atomic>
#include <cstdio>

namespace restjwt::testing {
namespace {

struct ConnectionDeleter {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using Conn = std::unique_ptr<PGconn, ConnectionDeleter>;

Conn connect(const std::string& url) {
  Conn conn(PQconnectdb(url.c_str()));
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    throw std::runtime_error("cannot connect to " + url + ": " + PQerrorMessage(conn.get()));
  }
  return conn;
}

// The cluster lives as long as the test binary: the environment stops it after the last test.
class ClusterEnvironment final : public ::testing::Environment {
 public:
  void TearDown() override {
    if (!dir_.empty()) {
      (void)std::system(
          ("'" RESTJWT_SOURCE_DIR "/scripts/pg-cluster' stop '" + dir_ + "' >/dev/null 2>&1")
              .c_str());
      std::error_code ignored;
      // The mkdtemp directory itself, not only the cluster in it.
      std::filesystem::remove_all(std::filesystem::path(dir_).parent_path(), ignored);
    }
  }
  const std::string& url() {
    if (url_.empty()) {
      const char* base = std::getenv("TMPDIR");
      std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/restjwt-pg-XXXXXX";
      if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
      dir_ = pattern + "/cluster";
      url_ = pg_cluster("start");
    }
    return url_;
  }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::string url_;
};

ClusterEnvironment* const environment =
    dynamic_cast<ClusterEnvironment*>(::testing::AddGlobalTestEnvironment(new ClusterEnvironment));

}  // namespace

std::string pg_cluster(const std::string& command) {
  const std::string line = "'" RESTJWT_SOURCE_DIR "/scripts/pg-cluster' " + command + " '" +
                           environment->dir() + "' 2>&1";
  FILE* pipe = popen(line.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed");
  std::string out;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) out += buffer.data();
  const int status = pclose(pipe);
  if (status != 0) throw std::runtime_error(line + " failed: " + out);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

const std::string& cluster_url() { return environment->url(); }

std::string fresh_database(const std::string& template_url) {
  static std::atomic<int> counter{0};
  const std::string& base = cluster_url();
  const std::string name = "test_" + std::to_string(++counter);
  const std::string from =
      template_url.empty() ? "" : " TEMPLATE " + template_url.substr(template_url.rfind('/') + 1);
  pg_exec(base, "CREATE DATABASE " + name + from);
  return base.substr(0, base.rfind('/') + 1) + name;
}

void stop_cluster() { (void)pg_cluster("stop"); }
void resume_cluster() { (void)pg_cluster("resume"); }

void pg_exec(const std::string& url, const std::string& sql) {
  const Conn conn = connect(url);
  PGresult* result = PQexec(conn.get(), sql.c_str());
  const auto status = PQresultStatus(result);
  const std::string error = PQresultErrorMessage(result);
  PQclear(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error("SQL failed: " + error + " in: " + sql);
  }
}

std::string pg_query(const std::string& url, const std::string& sql) {
  const Conn conn = connect(url);
  PGresult* result = PQexec(conn.get(), sql.c_str());
  std::string out;
  if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0 &&
      PQgetisnull(result, 0, 0) == 0) {
    out = PQgetvalue(result, 0, 0);
  }
  const std::string error =
      PQresultStatus(result) == PGRES_TUPLES_OK ? "" : PQresultErrorMessage(result);
  PQclear(result);
  if (!error.empty()) throw std::runtime_error("SQL failed: " + error + " in: " + sql);
  return out;
}

}  // namespace restjwt::testing
