// What the benchmarks of the token views stand on: a fresh SQLite user database holding one user,
// "bench" (password "bench-password", email bench@example.com), hashed with cheap PBKDF2 so that
// setting up costs nothing.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "restjwt/expected.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/sqlite_user_store.hpp"

namespace restjwt::bench {

// The value, or the end of the benchmark with `what` failed.
template <typename T, typename E>
T must(Expected<T, E> value, const char* what) {
  if (!value) {
    std::cerr << what << " failed\n";
    std::abort();
  }
  return std::move(*value);
}

// A path in $TMPDIR (else /tmp), its name prefixed with restjwt-.
inline std::string temp_path(const std::string& name) {
  const char* tmp = std::getenv("TMPDIR");
  return std::string(tmp != nullptr ? tmp : "/tmp") + "/restjwt-" + name;
}

struct BenchUsers {
  std::string file;  // the database, for the stores that share it
  std::unique_ptr<SqliteUserStore> store;
  PasswordHashers hashers;
};

// `name`: the database file's name (an existing one is replaced).
inline BenchUsers bench_users(const std::string& name) {
  const std::string file = temp_path(name + ".sqlite3");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file + suffix);
  SqliteStoreOptions store_options;
  store_options.path = file;
  store_options.create_if_missing = true;
  PasswordHasherOptions hasher_options;
  hasher_options.pbkdf2_iterations = 1000;
  BenchUsers users{file, must(SqliteUserStore::open(store_options), "user store"),
                   must(PasswordHashers::from_names({"pbkdf2_sha256"}, hasher_options), "hashers")};
  NewUser user;
  user.username = "bench";
  user.email = "bench@example.com";
  user.password = users.hashers.make_password("bench-password");
  (void)users.store->create(user);
  return users;
}

}  // namespace restjwt::bench
