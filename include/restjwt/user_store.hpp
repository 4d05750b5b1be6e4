// UserStore: where users live. SqliteUserStore (embedded default) and PostgresUserStore implement
// it over Django's schema, with the same semantics, so the two are interchangeable:
//   - They read and write Django's `auth_user` table, or a custom user model's table described by
//     UserTableSchema (username field, integer or UUID primary key, email column present or
//     absent, per-user secret column), the way Django does, so that restjwt and Django can share
//     one database. Datetimes read back as UTC text "YYYY-MM-DD HH:MM:SS[.ffffff]" (Python's
//     str() of the datetime, no fraction when it is zero); UUIDs read back dashed and lowercase
//     (str(uuid) in Python, the `user_id` claim).
//   - Columns of AbstractUser that a custom model lacks (is_staff, first_name, date_joined, …)
//     read as Django's defaults; is_active absent means every user is active, as with
//     AbstractBaseUser. Writing a missing column is a kInvalid error.
//   - create() generates uuid4 keys (Django's default=uuid.uuid4 runs in Python), and a fresh
//     uuid4 for a secret column.
//   - remove() deletes the user's rows in the many-to-many tables Django cascades
//     (<table>_groups, <table>_user_permissions) and in django_admin_log, atomically; any other
//     row referencing the user makes it fail with kConflict (Django would need to decide).
//
// Thread safety: every method may be called from many threads at once. Methods block (run them
// off I/O threads); no exception leaves a method.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "restjwt/expected.hpp"
#include "restjwt/user.hpp"

namespace restjwt {

struct StoreError {
  enum class Kind : std::uint8_t {
    kUnavailable,  // the database cannot be reached or is busy beyond its timeout (→ 503)
    kConflict,     // the user already exists
    kNotFound,     // no such user
    kInvalid,      // bad input or schema (a clear message for the operator)
    kInternal,     // anything else; logged
  };
  Kind kind = Kind::kInternal;
  std::string message;
};

// How Django's user model maps onto the table ([users] in the config, docs/users.md).
struct UserTableSchema {
  std::string table = "auth_user";
  std::string username_field = "username";  // USERNAME_FIELD, e.g. "email"
  enum class IdType : std::uint8_t { kInteger, kUuid } id_type = IdType::kInteger;
  std::string email_field = "email";  // "" when the table has no email column
  std::string secret_column;          // "" unless JWT_GET_USER_SECRET_KEY = "column:<name>"
};

template <typename T>
using StoreResult = Expected<T, StoreError>;

class UserStore {
 public:
  virtual ~UserStore() = default;

  // Exact, case-sensitive match on the username field.
  virtual StoreResult<std::optional<User>> find_by_username(std::string_view username) = 0;
  // A UUID may be given dashed or not, in any case; a malformed one, or an id of the other type,
  // finds nobody.
  virtual StoreResult<std::optional<User>> find_by_id(const UserId& id) = 0;
  // The username field must be unique: kConflict "user "x" already exists" (also when two
  // writers race). A blank username, a non-empty email without an email column (or differing
  // from the username when email is the username field), or a value for a column the table
  // lacks is kInvalid.
  virtual StoreResult<User> create(const NewUser& user) = 0;
  // Sets the encoded password; false when there is no such user.
  virtual StoreResult<bool> set_password(std::string_view username, std::string_view encoded) = 0;
  // Writes only the password column, and only if it still holds `expected_encoded` (the hash
  // upgrade after a login must not overwrite a concurrent password change). True when written.
  virtual StoreResult<bool> replace_password(const UserId& id, std::string_view expected_encoded,
                                             std::string_view new_encoded) = 0;
  virtual StoreResult<bool> set_active(std::string_view username, bool active) = 0;
  // Replaces the per-user JWT secret column (rotating it invalidates the user's tokens). kInvalid
  // without a configured secret column; a UUIDField column takes only a UUID, read back dashed
  // (str(user.jwt_secret) in Python).
  virtual StoreResult<bool> set_jwt_secret(std::string_view username, std::string_view secret) = 0;
  virtual StoreResult<bool> update_last_login(const UserId& id) = 0;
  // Ordered by primary key.
  virtual StoreResult<std::vector<User>> list() = 0;
  // False when there is no such user.
  virtual StoreResult<bool> remove(std::string_view username) = 0;

  [[nodiscard]] virtual const UserTableSchema& schema() const = 0;
  // True when find_by_username/find_by_id are local reads that wait neither on a network nor on
  // writers (SQLite in WAL mode: a B-tree lookup, normally in the page cache, a few µs). A server
  // may then answer token checks on its I/O threads rather than hand each one to a blocking pool
  // and back, which costs more than the lookup. False unless a store says so.
  [[nodiscard]] virtual bool reads_are_local() const { return false; }
  // Whether the database answers a read now (readiness checks). By default a lookup of a name no
  // Django user can have (over 150 characters).
  virtual StoreResult<void> ping();
};

// A random version-4 UUID in Django's text form (str(uuid.uuid4())), from the kernel's CSPRNG: a
// fresh per-user JWT secret, as a project's default for that column would make one. nullopt only
// if the kernel refuses randomness.
std::optional<std::string> random_user_secret();

}  // namespace restjwt
