// UserStore: where users live. SqliteUserStore (embedded default) and PostgresUserStore implement
// it over Django's schema. Implementations are safe to call from many threads at once; calls
// block (run them off I/O threads).
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

// How Django's user model maps onto the table ([users] in the config, SPEC §14).
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
  virtual StoreResult<std::optional<User>> find_by_id(const UserId& id) = 0;
  // Fails with kConflict when the username is taken.
  virtual StoreResult<User> create(const NewUser& user) = 0;
  // Sets the encoded password; false when there is no such user.
  virtual StoreResult<bool> set_password(std::string_view username, std::string_view encoded) = 0;
  // Writes only the password column, and only if it still holds `expected_encoded` (the hash
  // upgrade after a login must not overwrite a concurrent password change). True when written.
  virtual StoreResult<bool> replace_password(const UserId& id, std::string_view expected_encoded,
                                             std::string_view new_encoded) = 0;
  virtual StoreResult<bool> set_active(std::string_view username, bool active) = 0;
  // Replaces the per-user JWT secret column (rotating it invalidates the user's tokens).
  virtual StoreResult<bool> set_jwt_secret(std::string_view username, std::string_view secret) = 0;
  virtual StoreResult<bool> update_last_login(const UserId& id) = 0;
  virtual StoreResult<std::vector<User>> list() = 0;
  virtual StoreResult<bool> remove(std::string_view username) = 0;

  [[nodiscard]] virtual const UserTableSchema& schema() const = 0;
  // True when find_by_username/find_by_id are local reads that wait neither on a network nor on
  // writers (SQLite in WAL mode: a B-tree lookup, normally in the page cache, a few µs). A server
  // may then answer token checks on its I/O threads rather than hand each one to a blocking pool
  // and back, which costs more than the lookup. False unless a store says so.
  [[nodiscard]] virtual bool reads_are_local() const { return false; }
};

// A random version-4 UUID in Django's text form (str(uuid.uuid4())), from the kernel's CSPRNG: a
// fresh per-user JWT secret, as a project's default for that column would make one. nullopt only
// if the kernel refuses randomness.
std::optional<std::string> random_user_secret();

}  // namespace restjwt
