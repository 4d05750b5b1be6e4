// An Events that writes down what it is told, for tests that check a fault is reported (never
// silent) and outcomes are counted.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "restjwt/events.hpp"

namespace restjwt::testing {

class RecordingEvents final : public Events {
 public:
  // One line per event, e.g. "store_fault find_by_username unavailable: <message>",
  // "throttle_fault: <message>", "login success", "token_refused signature_expired".
  std::vector<std::string> lines() const {
    const std::lock_guard lock(mutex_);
    return lines_;
  }
  bool saw(std::string_view prefix) const {
    const std::lock_guard lock(mutex_);
    for (const auto& line : lines_) {
      if (line.starts_with(prefix)) return true;
    }
    return false;
  }

  void store_fault(std::string_view operation, const StoreError& error) noexcept override {
    add("store_fault " + std::string(operation) +
        (error.kind == StoreError::Kind::kUnavailable ? " unavailable: " : " error: ") +
        error.message);
  }
  void throttle_fault(const StoreError& error) noexcept override {
    add("throttle_fault: " + error.message);
  }
  void key_fault(std::string_view what) noexcept override {
    add("key_fault: " + std::string(what));
  }
  void internal_fault(std::string_view what) noexcept override {
    add("internal_fault: " + std::string(what));
  }
  void login(LoginOutcome outcome) noexcept override {
    add("login " + std::string(to_string(outcome)));
  }
  void token_refused(ErrorCode code, Surface) noexcept override {
    add("token_refused " + std::string(to_string(code)));
  }
  void refresh_token_reused(std::size_t revoked) noexcept override {
    add("refresh_token_reused " + std::to_string(revoked));
  }
  void password_upgraded(bool written) noexcept override {
    add(written ? "password_upgraded" : "password_upgrade_failed");
  }

 private:
  void add(std::string line) {
    const std::lock_guard lock(mutex_);
    lines_.push_back(std::move(line));
  }
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

}  // namespace restjwt::testing
