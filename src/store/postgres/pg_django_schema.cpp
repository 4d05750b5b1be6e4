#include "store/postgres/pg_django_schema.hpp"

#include <string_view>

namespace restjwt::detail::pg {
namespace {

// The state Django 3.2.25's `migrate` (contenttypes 0001-0002, auth 0001-0012, a startproject
// settings file) leaves in PostgreSQL 15, taken from pg_dump --schema-only; a test compares the
// two catalogs column by column.
constexpr std::string_view kSchema = R"SQL(
CREATE TABLE "django_migrations" ("id" bigserial NOT NULL PRIMARY KEY, "app" varchar(255) NOT NULL, "name" varchar(255) NOT NULL, "applied" timestamp with time zone NOT NULL);
CREATE TABLE "django_content_type" ("id" serial NOT NULL PRIMARY KEY, "app_label" varchar(100) NOT NULL, "model" varchar(100) NOT NULL);
ALTER TABLE "django_content_type" ADD CONSTRAINT "django_content_type_app_label_model_76bd3d3b_uniq" UNIQUE ("app_label", "model");
CREATE TABLE "auth_permission" ("id" serial NOT NULL PRIMARY KEY, "name" varchar(255) NOT NULL, "content_type_id" integer NOT NULL, "codename" varchar(100) NOT NULL);
ALTER TABLE "auth_permission" ADD CONSTRAINT "auth_permission_content_type_id_codename_01ab375a_uniq" UNIQUE ("content_type_id", "codename");
ALTER TABLE "auth_permission" ADD CONSTRAINT "auth_permission_content_type_id_2f476e4b_fk_django_co" FOREIGN KEY ("content_type_id") REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "auth_permission_content_type_id_2f476e4b" ON "auth_permission" ("content_type_id");
CREATE TABLE "auth_group" ("id" serial NOT NULL PRIMARY KEY, "name" varchar(150) NOT NULL UNIQUE);
CREATE INDEX "auth_group_name_a6ea08ec_like" ON "auth_group" ("name" varchar_pattern_ops);
CREATE TABLE "auth_group_permissions" ("id" bigserial NOT NULL PRIMARY KEY, "group_id" integer NOT NULL, "permission_id" integer NOT NULL);
ALTER TABLE "auth_group_permissions" ADD CONSTRAINT "auth_group_permissions_group_id_permission_id_0cd325b0_uniq" UNIQUE ("group_id", "permission_id");
ALTER TABLE "auth_group_permissions" ADD CONSTRAINT "auth_group_permissions_group_id_b120cbf9_fk_auth_group_id" FOREIGN KEY ("group_id") REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "auth_group_permissions" ADD CONSTRAINT "auth_group_permissio_permission_id_84c5c92e_fk_auth_perm" FOREIGN KEY ("permission_id") REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "auth_group_permissions_group_id_b120cbf9" ON "auth_group_permissions" ("group_id");
CREATE INDEX "auth_group_permissions_permission_id_84c5c92e" ON "auth_group_permissions" ("permission_id");
CREATE TABLE "auth_user" ("id" serial NOT NULL PRIMARY KEY, "password" varchar(128) NOT NULL, "last_login" timestamp with time zone NULL, "is_superuser" boolean NOT NULL, "username" varchar(150) NOT NULL UNIQUE, "first_name" varchar(150) NOT NULL, "last_name" varchar(150) NOT NULL, "email" varchar(254) NOT NULL, "is_staff" boolean NOT NULL, "is_active" boolean NOT NULL, "date_joined" timestamp with time zone NOT NULL);
CREATE INDEX "auth_user_username_6821ab7c_like" ON "auth_user" ("username" varchar_pattern_ops);
CREATE TABLE "auth_user_groups" ("id" bigserial NOT NULL PRIMARY KEY, "user_id" integer NOT NULL, "group_id" integer NOT NULL);
ALTER TABLE "auth_user_groups" ADD CONSTRAINT "auth_user_groups_user_id_group_id_94350c0c_uniq" UNIQUE ("user_id", "group_id");
ALTER TABLE "auth_user_groups" ADD CONSTRAINT "auth_user_groups_user_id_6a12ed8b_fk_auth_user_id" FOREIGN KEY ("user_id") REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "auth_user_groups" ADD CONSTRAINT "auth_user_groups_group_id_97559544_fk_auth_group_id" FOREIGN KEY ("group_id") REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "auth_user_groups_user_id_6a12ed8b" ON "auth_user_groups" ("user_id");
CREATE INDEX "auth_user_groups_group_id_97559544" ON "auth_user_groups" ("group_id");
CREATE TABLE "auth_user_user_permissions" ("id" bigserial NOT NULL PRIMARY KEY, "user_id" integer NOT NULL, "permission_id" integer NOT NULL);
ALTER TABLE "auth_user_user_permissions" ADD CONSTRAINT "auth_user_user_permissions_user_id_permission_id_14a6b632_uniq" UNIQUE ("user_id", "permission_id");
ALTER TABLE "auth_user_user_permissions" ADD CONSTRAINT "auth_user_user_permissions_user_id_a95ead1b_fk_auth_user_id" FOREIGN KEY ("user_id") REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "auth_user_user_permissions" ADD CONSTRAINT "auth_user_user_permi_permission_id_1fbb5f2c_fk_auth_perm" FOREIGN KEY ("permission_id") REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "auth_user_user_permissions_user_id_a95ead1b" ON "auth_user_user_permissions" ("user_id");
CREATE INDEX "auth_user_user_permissions_permission_id_1fbb5f2c" ON "auth_user_user_permissions" ("permission_id");
)SQL";

// In the order Django applies them; contenttypes first because auth depends on it.
constexpr const char* kMigrations[][2] = {
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

// Any constant shared by every restjwt process: "restjwt" in ASCII.
constexpr const char* kCreateLock = "SELECT pg_advisory_xact_lock(7310312597102634100)";

constexpr std::string_view kWhat = "cannot create the Django schema";

}  // namespace

StoreResult<void> create_django_auth_schema(Connection& connection,
                                            const std::string& applied_micros) {
  for (const char* step : {"BEGIN", kCreateLock}) {
    if (auto done = connection.run(step, {}, kWhat); !done) return unexpected(done.error());
  }
  auto existing = connection.run(
      "SELECT to_regclass('\"auth_user\"') IS NOT NULL, "
      "to_regclass('\"django_migrations\"') IS NOT NULL",
      {}, kWhat);
  if (!existing) return unexpected(existing.error());
  const bool has_user = PQgetvalue(existing->get(), 0, 0)[0] == 't';
  const bool has_migrations = PQgetvalue(existing->get(), 0, 1)[0] == 't';
  if (!has_user && has_migrations) {
    (void)connection.run("ROLLBACK", {}, kWhat);
    return unexpected(StoreError{StoreError::Kind::kInvalid,
                                 "no table \"auth_user\", but the database has Django migrations: "
                                 "run Django's migrate"});
  }
  if (!has_user) {
    if (auto done = connection.run(std::string(kSchema), {}, kWhat); !done) {
      return unexpected(done.error());
    }
    std::string insert = "INSERT INTO django_migrations (app, name, applied) VALUES ";
    const std::string applied =
        "'epoch'::timestamptz + " + applied_micros + "::bigint * interval '1 microsecond'";
    bool first = true;
    for (const auto& migration : kMigrations) {
      insert += std::string(first ? "" : ", ") + "('" + migration[0] + "', '" + migration[1] +
                "', " + applied + ")";
      first = false;
    }
    if (auto done = connection.run(insert, {}, kWhat); !done) return unexpected(done.error());
  }
  if (auto done = connection.run("COMMIT", {}, kWhat); !done) return unexpected(done.error());
  return {};
}

}  // namespace restjwt::detail::pg
