// A UserStore that times every call of the store it wraps, for the database metrics.
#pragma once

#include <chrono>
#include <memory>

#include "restjwt/user_store.hpp"
#include "service/metrics.hpp"

namespace restjwt::detail {

class TimedUserStore final : public UserStore {
 public:
  TimedUserStore(std::unique_ptr<UserStore> store, Metrics& metrics)
      : store_(std::move(store)), metrics_(metrics) {}

  StoreResult<std::optional<User>> find_by_username(std::string_view username) override {
    return timed("find_by_username", [&] { return store_->find_by_username(username); });
  }
  StoreResult<std::optional<User>> find_by_id(const UserId& id) override {
    return timed("find_by_id", [&] { return store_->find_by_id(id); });
  }
  StoreResult<User> create(const NewUser& user) override {
    return timed("other", [&] { return store_->create(user); });
  }
  StoreResult<bool> set_password(std::string_view username, std::string_view encoded) override {
    return timed("other", [&] { return store_->set_password(username, encoded); });
  }
  StoreResult<bool> replace_password(const UserId& id, std::string_view expected_encoded,
                                     std::string_view new_encoded) override {
    return timed("replace_password",
                 [&] { return store_->replace_password(id, expected_encoded, new_encoded); });
  }
  StoreResult<bool> set_active(std::string_view username, bool active) override {
    return timed("other", [&] { return store_->set_active(username, active); });
  }
  StoreResult<bool> set_jwt_secret(std::string_view username, std::string_view secret) override {
    return timed("other", [&] { return store_->set_jwt_secret(username, secret); });
  }
  StoreResult<bool> update_last_login(const UserId& id) override {
    return timed("update_last_login", [&] { return store_->update_last_login(id); });
  }
  StoreResult<std::vector<User>> list() override {
    return timed("other", [&] { return store_->list(); });
  }
  StoreResult<bool> remove(std::string_view username) override {
    return timed("other", [&] { return store_->remove(username); });
  }
  StoreResult<void> ping() override { return store_->ping(); }
  const UserTableSchema& schema() const override { return store_->schema(); }
  bool reads_are_local() const override { return store_->reads_are_local(); }

 private:
  template <typename Call>
  auto timed(std::string_view operation, Call call) -> decltype(call()) {
    const auto started = std::chrono::steady_clock::now();
    auto result = call();
    metrics_.database_call(operation,
                           std::chrono::duration_cast<std::chrono::microseconds>(
                               std::chrono::steady_clock::now() - started),
                           !result.has_value());
    return result;
  }

  std::unique_ptr<UserStore> store_;
  Metrics& metrics_;
};

}  // namespace restjwt::detail
