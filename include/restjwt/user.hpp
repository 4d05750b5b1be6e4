// User: one row of Django's auth_user table (or a custom user table with the same meaning).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace restjwt {

// The primary key: an integer (Django's AutoField) or a UUID string (a custom user model with
// UUIDField primary key). The `user_id` claim is the integer, or the UUID's canonical string.
using UserId = std::variant<std::int64_t, std::string>;

std::string to_string(const UserId& id);

struct User {
  UserId id = std::int64_t{0};
  // Django's encoded password: "<algorithm>$…", or "!…" for an unusable password.
  std::string password;
  // Django stores datetimes as text in SQLite ("2024-05-01 12:00:00.123456") and as
  // timestamptz in PostgreSQL; both are carried here as ISO-8601 text, empty when NULL.
  std::string last_login;
  bool is_superuser = false;
  // The value of the username field (USERNAME_FIELD): `username`, or e.g. `email`.
  std::string username;
  std::string first_name;
  std::string last_name;
  // The email column; absent when the user table has none (then the `email` claim is omitted).
  std::optional<std::string> email;
  bool is_staff = false;
  bool is_active = true;
  std::string date_joined;
  // The per-user JWT secret (JWT_GET_USER_SECRET_KEY = "column:<name>"), when configured.
  std::optional<std::string> jwt_secret;
};

// What `createuser` supplies; the store fills in id, dates and defaults.
struct NewUser {
  std::string username;
  std::string email;
  std::string password;  // already encoded (make_password), or "!…" for an unusable password
  bool is_superuser = false;
  bool is_staff = false;
  bool is_active = true;
  std::string first_name;
  std::string last_name;
};

}  // namespace restjwt
