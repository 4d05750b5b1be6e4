// The server's Events: every fault the library reports becomes one log line naming its cause, so
// no 500 or 503 is ever silent. Secrets never reach it: StoreError messages are the stores' own
// texts, and no token, password or cookie is ever part of an event.
#pragma once

#include "restjwt/events.hpp"

namespace restjwt::detail {

class LoggingEvents final : public Events {
 public:
  void store_fault(std::string_view operation, const StoreError& error) noexcept override;
  void throttle_fault(const StoreError& error) noexcept override;
  void key_fault(std::string_view what) noexcept override;
  void internal_fault(std::string_view what) noexcept override;
};

}  // namespace restjwt::detail
