#include "restjwt/credentials.hpp"
#include "restjwt/password_hasher.hpp"

namespace restjwt {

StoreResult<CredentialsResult> authenticate_credentials(UserStore& store,
                                                        const PasswordHashers& hashers,
                                                        std::string_view username,
                                                        std::string_view password,
                                                        bool allow_inactive, Events& events,
                                                        const DeferredUpgradeWriter& deferred) {
  auto found = store.find_by_username(username);
  if (!found) {
    return unexpected(found.error());
  }
  CredentialsResult result;
  if (!found->has_value()) {
    // ModelBackend: `UserModel().set_password(password)` so that an unknown user costs a hash.
    hashers.run_default_hasher(password);
    return result;
  }
  User& user = **found;
  const PasswordCheck check = hashers.check_password(password, user.password);
  if (!check.matches) {
    return result;
  }
  if (check.upgraded && deferred) {
    deferred(user.id, user.password, *check.upgraded);
    result.upgrade_deferred = true;
  } else if (check.upgraded) {
    // Django's setter saves with update_fields=["password"]; the compare-and-swap also keeps a
    // password changed meanwhile (changepassword, another login's upgrade) from being overwritten.
    auto written = store.replace_password(user.id, user.password, *check.upgraded);
    if (!written) {
      events.store_fault("replace_password", written.error());
      events.password_upgraded(false);
      result.upgrade_error = std::move(written).error();
    } else if (*written) {
      user.password = *check.upgraded;
      result.password_upgraded = true;
      events.password_upgraded(true);
    }
  }
  // ModelBackend.user_can_authenticate, after the password as in Django.
  if (!user.is_active) {
    if (!allow_inactive) {
      return result;
    }
    result.kind = CredentialsResult::Kind::kInactive;
  } else {
    result.kind = CredentialsResult::Kind::kOk;
  }
  result.user = std::move(user);
  return result;
}

StoreResult<CredentialsResult> authenticate_credentials(UserStore& store,
                                                        const PasswordHashers& hashers,
                                                        std::string_view username,
                                                        std::string_view password,
                                                        bool allow_inactive) {
  return authenticate_credentials(store, hashers, username, password, allow_inactive,
                                  *ignore_events());
}

}  // namespace restjwt
