// Runs tests/unit/store/django/django_peer.py with Debian's python3-django: the real Django
// creating, seeding, migrating and checking the databases restjwt shares with it.
#pragma once

#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "store_test_support.hpp"

namespace restjwt::testing {

// /usr/bin/python3 explicitly: the python3 on PATH may be another installation without Debian's
// python3-django.
inline constexpr const char* kDebianPython = "/usr/bin/python3";

// One command of django_peer.py on `project`; DB_PATH (when given) points Django at another file.
inline nlohmann::json django_peer(const std::string& project, const std::string& arguments,
                                  const std::string& db_path = "") {
  const std::string command = (db_path.empty() ? "" : "DB_PATH='" + db_path + "' ") +
                              kDebianPython +
                              " '" RESTJWT_SOURCE_DIR "/tests/unit/store/django/django_peer.py' '" +
                              project + "' " + arguments;
  const std::string parent = std::filesystem::path(project).parent_path().string();
  const CommandResult result = run_command(parent, command);
  EXPECT_EQ(result.exit_code, 0) << command << "\n" << result.err;
  auto parsed = nlohmann::json::parse(result.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(parsed.is_discarded()) << result.out << result.err;
  return parsed;
}

// The schema of `tables` as text, for comparing two databases.
inline std::string schema_of(const std::string& path, const std::string& tables) {
  return query_text(path,
                    "SELECT group_concat(type || ' ' || name || ': ' || ifnull(sql, ''), "
                    "char(10)) FROM (SELECT * FROM sqlite_master WHERE tbl_name IN (" +
                        tables + ") ORDER BY name)");
}

}  // namespace restjwt::testing
