// User tables as Django's migrate creates them in SQLite for custom user models, shared by the
// store and view suites.
#pragma once

namespace restjwt::testing {

// AbstractBaseUser + PermissionsMixin with `id = UUIDField(primary_key=True)`, `email` as
// USERNAME_FIELD and a UUIDField `jwt_secret` (no username, names or date_joined).
inline constexpr const char* kAccountsUserTable = R"(CREATE TABLE "accounts_user" (
    "password" varchar(128) NOT NULL, "last_login" datetime NULL, "is_superuser" bool NOT NULL,
    "id" char(32) NOT NULL PRIMARY KEY, "email" varchar(254) NOT NULL UNIQUE,
    "is_active" bool NOT NULL, "is_staff" bool NOT NULL, "jwt_secret" char(32) NOT NULL))";

}  // namespace restjwt::testing
