#include "store/sqlite/django_schema.hpp"

#include <string_view>

#include <sqlite3.h>

namespace restjwt::detail {
namespace {

// Copied from sqlite_master after Django 3.2.25's `migrate` (contenttypes 0001-0002, auth
// 0001-0012); a test compares it with what the real Django produces.
constexpr const char* kSchema[] = {
    R"(CREATE TABLE "django_migrations" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app" varchar(255) NOT NULL, "name" varchar(255) NOT NULL, "applied" datetime NOT NULL))",
    R"(CREATE TABLE "django_content_type" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app_label" varchar(100) NOT NULL, "model" varchar(100) NOT NULL))",
    R"(CREATE UNIQUE INDEX "django_content_type_app_label_model_76bd3d3b_uniq" ON "django_content_type" ("app_label", "model"))",
    R"(CREATE TABLE "auth_permission" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "content_type_id" integer NOT NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED, "codename" varchar(100) NOT NULL, "name" varchar(255) NOT NULL))",
    R"(CREATE UNIQUE INDEX "auth_permission_content_type_id_codename_01ab375a_uniq" ON "auth_permission" ("content_type_id", "codename"))",
    R"(CREATE INDEX "auth_permission_content_type_id_2f476e4b" ON "auth_permission" ("content_type_id"))",
    R"(CREATE TABLE "auth_group" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(150) NOT NULL UNIQUE))",
    R"(CREATE TABLE "auth_group_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED, "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED))",
    R"(CREATE UNIQUE INDEX "auth_group_permissions_group_id_permission_id_0cd325b0_uniq" ON "auth_group_permissions" ("group_id", "permission_id"))",
    R"(CREATE INDEX "auth_group_permissions_group_id_b120cbf9" ON "auth_group_permissions" ("group_id"))",
    R"(CREATE INDEX "auth_group_permissions_permission_id_84c5c92e" ON "auth_group_permissions" ("permission_id"))",
    R"(CREATE TABLE "auth_user" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "password" varchar(128) NOT NULL, "last_login" datetime NULL, "is_superuser" bool NOT NULL, "username" varchar(150) NOT NULL UNIQUE, "last_name" varchar(150) NOT NULL, "email" varchar(254) NOT NULL, "is_staff" bool NOT NULL, "is_active" bool NOT NULL, "date_joined" datetime NOT NULL, "first_name" varchar(150) NOT NULL))",
    R"(CREATE TABLE "auth_user_groups" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED))",
    R"(CREATE UNIQUE INDEX "auth_user_groups_user_id_group_id_94350c0c_uniq" ON "auth_user_groups" ("user_id", "group_id"))",
    R"(CREATE INDEX "auth_user_groups_user_id_6a12ed8b" ON "auth_user_groups" ("user_id"))",
    R"(CREATE INDEX "auth_user_groups_group_id_97559544" ON "auth_user_groups" ("group_id"))",
    R"(CREATE TABLE "auth_user_user_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED))",
    R"(CREATE UNIQUE INDEX "auth_user_user_permissions_user_id_permission_id_14a6b632_uniq" ON "auth_user_user_permissions" ("user_id", "permission_id"))",
    R"(CREATE INDEX "auth_user_user_permissions_user_id_a95ead1b" ON "auth_user_user_permissions" ("user_id"))",
    R"(CREATE INDEX "auth_user_user_permissions_permission_id_1fbb5f2c" ON "auth_user_user_permissions" ("permission_id"))",
};

// In the order Django applies them; contenttypes first because auth depends on it.
constexpr std::pair<const char*, const char*> kMigrations[] = {
    {"contenttypes", "0001_initial"},
    {"contenttypes", "0002_remove_content_type_name"},
    {"auth", "0001_initial"},
    {"auth", "0002_alter_permission_name_max_length"},
    {"auth", "0003_alter_user_email_max_length"},
    {"auth", "0004_alter_user_username_opts"},
    {"auth", "0005_alter_user_last_login_null"},
    {"auth", "0006_require_contenttypes_0002"},
    {"auth", "0007_alter_validators_add_error_messages"},
    {"auth", "0008_alter_user_username_max_length"},
    {"auth", "0009_alter_user_last_name_max_length"},
    {"auth", "0010_alter_group_name_max_length"},
    {"auth", "0011_update_proxy_permissions"},
    {"auth", "0012_alter_user_first_name_max_length"},
};

StoreResult<void> record_migrations(SqliteConnection& connection, const std::string& applied) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(
      connection.handle(), "INSERT INTO django_migrations (app, name, applied) VALUES (?1, ?2, ?3)",
      -1, &stmt, nullptr);
  for (const auto& [app, name] : kMigrations) {
    if (rc != SQLITE_OK) {
      break;
    }
    StatementScope scope(stmt);
    bind_text(stmt, 1, app);
    bind_text(stmt, 2, name);
    bind_text(stmt, 3, applied);
    rc = sqlite3_step(stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(connection.handle());
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_OK) {
    return unexpected(sqlite_error(connection.handle(), rc, "cannot record Django migrations"));
  }
  return {};
}

StoreResult<bool> database_is_empty(SqliteConnection& connection) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(connection.handle(), "SELECT count(*) FROM sqlite_master", -1, &stmt,
                              nullptr);
  bool empty = false;
  if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    empty = sqlite3_column_int(stmt, 0) == 0;
    rc = SQLITE_OK;
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_OK) {
    return unexpected(sqlite_error(connection.handle(), rc, "reading schema"));
  }
  return empty;
}

}  // namespace

StoreResult<void> create_django_auth_schema(SqliteConnection& connection,
                                            const std::string& applied) {
  // BEGIN IMMEDIATE takes the write lock first: two processes creating the file at once
  // serialise here, and the second finds the tables.
  if (auto begun = connection.exec("BEGIN IMMEDIATE", "cannot create the Django schema"); !begun) {
    return begun;
  }
  auto empty = database_is_empty(connection);
  if (!empty) {
    return unexpected(empty.error());
  }
  if (*empty) {
    for (const char* ddl : kSchema) {
      if (auto done = connection.exec(ddl, "cannot create the Django schema"); !done) {
        return done;
      }
    }
    if (auto done = record_migrations(connection, applied); !done) {
      return done;
    }
  }
  return connection.exec("COMMIT", "cannot create the Django schema");
}

}  // namespace restjwt::detail
