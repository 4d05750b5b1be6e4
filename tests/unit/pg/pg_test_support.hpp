// The PostgreSQL the pg tests run against: one throwaway cluster per test binary
// (scripts/pg-cluster, about 5 s to start), and a fresh database per test inside it.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <libpq-fe.h>

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

}  // namespace restjwt::testing
