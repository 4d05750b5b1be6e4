// Opening an SqliteUserStore in a test: the store, or a test failure naming the reason.
#pragma once

#include <memory>

#include <gtest/gtest.h>

#include "restjwt/sqlite_user_store.hpp"

namespace restjwt::testing {

inline std::unique_ptr<SqliteUserStore> open_sqlite_store(SqliteStoreOptions options) {
  auto opened = SqliteUserStore::open(std::move(options));
  EXPECT_TRUE(opened) << opened.error().message;
  return opened ? std::move(*opened) : nullptr;
}

}  // namespace restjwt::testing
