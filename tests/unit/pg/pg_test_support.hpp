// The PostgreSQL the pg tests run against: one throwaway cluster per test binary
// (scripts/pg-cluster, about 5 s to start), and a fresh database per test inside it.
#pragma once

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include "restjwt/postgres_user_store.hpp"

namespace restjwt::testing {

// Runs scripts/pg-cluster; throws with its output on failure (a broken fixture is a broken test).
std::string pg_cluster(const std::string& command);

// The URL of the cluster's `restjwt` database; the cluster starts on first use.
const std::string& cluster_url();
// A new database in the cluster, as a URL: empty, or a copy of the database at `template_url`
// (CREATE DATABASE … TEMPLATE: far faster than migrating again).
std::string fresh_database(const std::string& template_url = "");
// Stops and starts the cluster again on the same port (fault tests).
void stop_cluster();
void resume_cluster();

// Runs SQL (several statements allowed) on `url`; throws on error.
void pg_exec(const std::string& url, const std::string& sql);
// The first column of the first row, "" when there is none or it is NULL.
std::string pg_query(const std::string& url, const std::string& sql);

// A store's options for a test database: short timeouts, so that a fault fails a test quickly.
inline PostgresStoreOptions store_options(
    const std::string& url, std::chrono::seconds statement_timeout = std::chrono::seconds(2)) {
  PostgresStoreOptions options;
  options.url = url;
  options.connect_timeout = std::chrono::seconds(2);
  options.statement_timeout = statement_timeout;
  return options;
}

// Four nodes starting at once on one database: each runs `start(node)` on a thread of its own
// (open a store, which creates its tables when missing, then use it once) and returns "" or what
// went wrong. The failures, one per line; "" when every node started.
inline std::string start_four_nodes_together(const std::function<std::string(int)>& start) {
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::string errors;
  for (int node = 0; node < 4; ++node) {
    threads.emplace_back([&, node] {
      const std::string error = start(node);
      if (error.empty()) return;
      const std::lock_guard lock(mutex);
      errors += error + "\n";
    });
  }
  for (auto& thread : threads) thread.join();
  return errors;
}

}  // namespace restjwt::testing
