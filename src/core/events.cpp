#include "restjwt/events.hpp"

namespace restjwt {

std::string_view to_string(LoginOutcome outcome) noexcept {
  switch (outcome) {
    case LoginOutcome::kSuccess:
      return "success";
    case LoginOutcome::kBadCredentials:
      return "bad_credentials";
    case LoginOutcome::kInactive:
      return "inactive";
    case LoginOutcome::kThrottled:
      return "throttled";
    case LoginOutcome::kFailed:
      return "failed";
  }
  return "failed";
}

std::shared_ptr<Events> ignore_events() {
  // Stateless: one instance serves everyone.
  static const auto kIgnore = std::make_shared<Events>();
  return kIgnore;
}

ErrorCode store_fault(Events& events, std::string_view operation, const StoreError& error) {
  events.store_fault(operation, error);
  return error.kind == StoreError::Kind::kUnavailable ? ErrorCode::kServiceUnavailable
                                                      : ErrorCode::kInternal;
}

}  // namespace restjwt
