// SQLite user lookups, the database step of every authenticated request:
// SqliteUserStore (statement prepared once per pooled connection) against preparing per call.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include "restjwt/sqlite_user_store.hpp"

namespace {

constexpr int kUsers = 1000;

// One database for the whole run, with kUsers users, under $TMPDIR.
const std::string& database() {
  static const std::string path = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string file = std::string(tmp != nullptr ? tmp : "/tmp") + "/restjwt-store-bench.sqlite3";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file + suffix);
    restjwt::SqliteStoreOptions options;
    options.path = file;
    options.create_if_missing = true;
    auto store = restjwt::SqliteUserStore::open(options).value();
    for (int i = 0; i < kUsers; ++i) {
      restjwt::NewUser user;
      user.username = "user" + std::to_string(i);
      user.password = "pbkdf2_sha256$1000000$salt$hash";
      (void)store->create(user);
    }
    return file;
  }();
  return path;
}

restjwt::SqliteUserStore& store() {
  static const auto opened = [] {
    restjwt::SqliteStoreOptions options;
    options.path = database();
    return restjwt::SqliteUserStore::open(options).value();
  }();
  return *opened;
}

void BM_FindByUsername(benchmark::State& state) {
  restjwt::SqliteUserStore& users = store();
  int i = state.thread_index() * 97;
  for (auto _ : state) {
    auto found = users.find_by_username("user" + std::to_string(i++ % kUsers));
    benchmark::DoNotOptimize(found);
  }
}
BENCHMARK(BM_FindByUsername)->Threads(1)->Threads(2)->UseRealTime();

// The baseline: a connection of its own, the statement prepared and finalised on every lookup.
void BM_FindByUsernamePreparedPerCall(benchmark::State& state) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(database().c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  int i = 0;
  for (auto _ : state) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "SELECT * FROM auth_user WHERE username = ?1", -1, &stmt, nullptr);
    const std::string name = "user" + std::to_string(i++ % kUsers);
    sqlite3_bind_text(stmt, 1, name.c_str(), -1, SQLITE_STATIC);
    benchmark::DoNotOptimize(sqlite3_step(stmt));
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
}
BENCHMARK(BM_FindByUsernamePreparedPerCall);

}  // namespace
