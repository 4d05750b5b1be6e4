// A real restjwt SQLite database (Django's auth schema, as `restjwt serve` creates it) at `path`,
// in a test's temporary directory: what the stores that share the users' database open
// (throttle counters, the key ring).
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "restjwt/sqlite_user_store.hpp"

namespace restjwt::testing {

inline std::string restjwt_sqlite_file(const std::string& path) {
  SqliteStoreOptions options;
  options.path = path;
  options.create_if_missing = true;
  EXPECT_TRUE(SqliteUserStore::open(options));
  return path;
}

}  // namespace restjwt::testing
