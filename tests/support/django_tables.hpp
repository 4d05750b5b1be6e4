// User tables as Django's migrate creates them for custom user models, in the column types of
// its SQLite or PostgreSQL backend; shared by the store and view suites.
#pragma once

#include <string>
#include <string_view>

#include "restjwt/user_store.hpp"

namespace restjwt::testing {

// How a Django backend spells the column types the tables below use.
struct ColumnTypes {
  std::string_view auto_key;  // AutoField primary key
  std::string_view uuid;      // UUIDField
  std::string_view boolean;   // BooleanField
  std::string_view datetime;  // DateTimeField (USE_TZ = True)
};

inline constexpr ColumnTypes kSqliteColumns{"integer NOT NULL PRIMARY KEY AUTOINCREMENT",
                                            "char(32)", "bool", "datetime"};
inline constexpr ColumnTypes kPostgresColumns{"serial NOT NULL PRIMARY KEY", "uuid", "boolean",
                                              "timestamp with time zone"};

// `ddl` with {auto_key}, {uuid}, {bool} and {datetime} spelled in `types`.
inline std::string with_types(std::string ddl, const ColumnTypes& types) {
  const std::pair<std::string_view, std::string_view> names[] = {{"{auto_key}", types.auto_key},
                                                                 {"{uuid}", types.uuid},
                                                                 {"{bool}", types.boolean},
                                                                 {"{datetime}", types.datetime}};
  for (const auto& [name, type] : names) {
    for (auto at = ddl.find(name); at != std::string::npos; at = ddl.find(name, at)) {
      ddl.replace(at, name.size(), type);
    }
  }
  return ddl;
}

// AbstractBaseUser + PermissionsMixin with `id = UUIDField(primary_key=True)`, `email` as
// USERNAME_FIELD and a UUIDField `jwt_secret` (no username, names or date_joined).
inline std::string accounts_user_table(const ColumnTypes& types = kSqliteColumns) {
  return with_types(R"(CREATE TABLE "accounts_user" (
    "password" varchar(128) NOT NULL, "last_login" {datetime} NULL, "is_superuser" {bool} NOT NULL,
    "id" {uuid} NOT NULL PRIMARY KEY, "email" varchar(254) NOT NULL UNIQUE,
    "is_active" {bool} NOT NULL, "is_staff" {bool} NOT NULL, "jwt_secret" {uuid} NOT NULL))",
                    types);
}

// The UserTableSchema ([users] in the config) of that table.
inline UserTableSchema accounts_user_schema() {
  UserTableSchema schema;
  schema.table = "accounts_user";
  schema.username_field = "email";
  schema.id_type = UserTableSchema::IdType::kUuid;
  schema.email_field = "email";
  schema.secret_column = "jwt_secret";
  return schema;
}

// A minimal AbstractBaseUser: `login` as USERNAME_FIELD, no email, no is_active (every user is
// active), a text secret `api_secret`.
inline std::string members_table(const ColumnTypes& types) {
  return with_types(R"(CREATE TABLE "members" ("id" {auto_key}, "password" varchar(128) NOT NULL,
    "last_login" {datetime} NULL, "login" varchar(40) NOT NULL UNIQUE,
    "api_secret" varchar(64) NOT NULL))",
                    types);
}

// AbstractBaseUser with `username` and a NOT NULL `phone` that restjwt cannot fill.
inline std::string shop_customer_table(const ColumnTypes& types) {
  return with_types(R"(CREATE TABLE "shop_customer" ("id" {auto_key},
    "password" varchar(128) NOT NULL, "username" varchar(150) NOT NULL UNIQUE,
    "phone" varchar(20) NOT NULL))",
                    types);
}

}  // namespace restjwt::testing
