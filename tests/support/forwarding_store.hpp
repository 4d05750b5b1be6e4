// A UserStore that forwards to another and lets a test interfere between the calls of
// authenticate_credentials (a password change during a login, a failing write).
#pragma once

#include <functional>
#include <mutex>
#include <optional>

#include "restjwt/user_store.hpp"

namespace restjwt::testing {

class ForwardingStore : public UserStore {
 public:
  explicit ForwardingStore(UserStore& inner) : inner_(inner) {}

  std::function<void()> after_find;  // runs after find_by_username returned
  std::optional<StoreError> find_error;
  std::optional<StoreError> replace_error;
  int replace_calls = 0;
  std::function<void()> before_last_login;  // runs before update_last_login (e.g. blocks)
  std::optional<StoreError> last_login_error;

  StoreResult<std::optional<User>> find_by_username(std::string_view username) override {
    if (find_error) return unexpected(*find_error);
    auto found = inner_.find_by_username(username);
    if (after_find) after_find();
    return found;
  }
  StoreResult<std::optional<User>> find_by_id(const UserId& id) override {
    return inner_.find_by_id(id);
  }
  StoreResult<User> create(const NewUser& user) override { return inner_.create(user); }
  StoreResult<bool> set_password(std::string_view username, std::string_view encoded) override {
    return inner_.set_password(username, encoded);
  }
  StoreResult<bool> replace_password(const UserId& id, std::string_view expected,
                                     std::string_view replacement) override {
    ++replace_calls;
    if (replace_error) return unexpected(*replace_error);
    return inner_.replace_password(id, expected, replacement);
  }
  StoreResult<bool> set_active(std::string_view username, bool active) override {
    return inner_.set_active(username, active);
  }
  StoreResult<bool> set_jwt_secret(std::string_view username, std::string_view secret) override {
    return inner_.set_jwt_secret(username, secret);
  }
  StoreResult<bool> update_last_login(const UserId& id) override {
    if (before_last_login) before_last_login();
    if (auto error = last_login_failure()) return unexpected(*error);
    return inner_.update_last_login(id);
  }
  // last_login_error, for a test that changes it while a writer thread runs.
  void set_last_login_error(std::optional<StoreError> error) {
    const std::lock_guard lock(mutex_);
    last_login_error = std::move(error);
  }
  StoreResult<std::vector<User>> list() override { return inner_.list(); }
  StoreResult<bool> remove(std::string_view username) override { return inner_.remove(username); }
  const UserTableSchema& schema() const override { return inner_.schema(); }

 private:
  std::optional<StoreError> last_login_failure() const {
    const std::lock_guard lock(mutex_);
    return last_login_error;
  }

  UserStore& inner_;
  mutable std::mutex mutex_;
};

}  // namespace restjwt::testing
