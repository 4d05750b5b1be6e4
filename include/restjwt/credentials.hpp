// authenticate_credentials: Django's ModelBackend.authenticate as drf-jwt's obtain view uses it
// (wire contract §8, §14), over any UserStore and a PASSWORD_HASHERS list.
//
//   - The user is found by the username field, exactly and case-sensitively
//     (get_by_natural_key). An unknown user still costs one hash with the preferred hasher
//     (Django #20760); unusable and unknown-format hashes cost the same inside check_password, so
//     all four outcomes (unknown user, wrong password, unusable hash, right password) take the
//     same time.
//   - A right password on an outdated encoding is re-hashed with the preferred hasher and written
//     with UserStore::replace_password: only the password column, and only if it still holds the
//     hash that was checked (a concurrent password change wins; losing that race is not an error).
//     As in Django, this happens before is_active is looked at. With a `deferred` writer the write
//     is handed to it instead (the server writes upgrades in the background, so that a locked or
//     read-only database never holds a login).
//   - is_active is checked after the password. ModelBackend rejects inactive users like a wrong
//     password (kInvalid); AllowAllUsersModelBackend (`allow_inactive` true) returns them and
//     drf-jwt then answers "User account is disabled." (kInactive).
//
// Blocking (a database lookup and a password hash): call it from a worker pool. Thread-safe when
// the store is. Never throws.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "restjwt/events.hpp"
#include "restjwt/user.hpp"
#include "restjwt/user_store.hpp"

namespace restjwt {

class PasswordHashers;

struct CredentialsResult {
  enum class Kind : std::uint8_t {
    kOk,        // the right password of an active user
    kInvalid,   // "Unable to log in with provided credentials." for every other case
    kInactive,  // the right password of an inactive user, with allow_inactive: "User account is
                // disabled."
  };
  Kind kind = Kind::kInvalid;
  // kOk and kInactive: the user as stored after the login (with the upgraded hash if written).
  std::optional<User> user;
  // The outdated hash was replaced by the preferred hasher's encoding.
  bool password_upgraded = false;
  // The re-hash was handed to the deferred writer, to be written later.
  bool upgrade_deferred = false;
  // The upgrade could not be written (the login still succeeds; reported to Events).
  std::optional<StoreError> upgrade_error;
};

// Writes an upgraded hash later: the user, the hash that was checked, and its replacement.
using DeferredUpgradeWriter =
    std::function<void(const UserId& id, std::string checked, std::string upgraded)>;

// An error only when the store fails to look the user up (kUnavailable → 503). An upgrade written
// here is reported to `events` (password_upgraded, and store_fault when it could not be written).
StoreResult<CredentialsResult> authenticate_credentials(UserStore& store,
                                                        const PasswordHashers& hashers,
                                                        std::string_view username,
                                                        std::string_view password,
                                                        bool allow_inactive, Events& events,
                                                        const DeferredUpgradeWriter& deferred = {});
// The same, telling no one.
StoreResult<CredentialsResult> authenticate_credentials(UserStore& store,
                                                        const PasswordHashers& hashers,
                                                        std::string_view username,
                                                        std::string_view password,
                                                        bool allow_inactive);

}  // namespace restjwt
