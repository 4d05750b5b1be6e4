// Events: what the library tells the program that hosts it, so that no fault is silent and every
// outcome can be counted. The library never logs by itself: it calls these, and the host decides
// (the server logs each fault with its cause and counts everything for /metrics).
//
// Every method has an empty default, so a host overrides only what it needs. They are called on
// request threads, concurrently: an implementation must be thread-safe, must not throw, and
// should return quickly (no blocking I/O; the server's logger is asynchronous).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "restjwt/error.hpp"
#include "restjwt/user_store.hpp"

namespace restjwt {

// How a login attempt on the obtain view ended.
enum class LoginOutcome : std::uint8_t {
  kSuccess,         // a token was issued
  kBadCredentials,  // "Unable to log in with provided credentials." (wrong password, unknown user…)
  kInactive,        // the right password of an inactive user (allow_inactive_login)
  kThrottled,       // 429 before any password hashing
  kFailed,          // the store or the signing failed (503/500; the cause is reported too)
};

std::string_view to_string(LoginOutcome outcome) noexcept;

class Events {
 public:
  virtual ~Events() = default;

  // A store call failed. `operation` names it ("find_by_username", "replace_password", …). The
  // request was answered 503 (StoreError::kUnavailable) or 500 — or, for a best-effort write such
  // as a hash upgrade, the client saw nothing.
  virtual void store_fault(std::string_view operation, const StoreError& error) noexcept {
    (void)operation;
    (void)error;
  }
  // The throttle counters could not be read or updated: the login went through unthrottled.
  virtual void throttle_fault(const StoreError& error) noexcept { (void)error; }
  // A key could not be used: e.g. a user without a usable per-user secret when signing (500), a
  // key ring's key that cannot be read, a remote key set that cannot be fetched.
  virtual void key_fault(std::string_view what) noexcept { (void)what; }
  // The signing keys changed: a key ring generated, activated, retired or removed a key, or
  // picked up another node's change; a remote key set was fetched anew (`what` says which).
  virtual void keys_changed(std::string_view what) noexcept { (void)what; }
  // Anything else answered 500: an exception out of a hook, an invariant broken.
  virtual void internal_fault(std::string_view what) noexcept { (void)what; }

  // A login attempt ended (once per obtain request that passed field validation).
  virtual void login(LoginOutcome outcome) noexcept { (void)outcome; }
  // A token was refused, with the precise reason (the client saw the coarse text of `surface`).
  virtual void token_refused(ErrorCode code, Surface surface) noexcept {
    (void)code;
    (void)surface;
  }
  // A refresh token rotated more than [simplejwt] reuse_grace ago was presented again: two parties
  // hold one session, so its whole family was blacklisted (`revoked` tokens newly).
  virtual void refresh_token_reused(std::size_t revoked) noexcept { (void)revoked; }
  // A stored password hash was outdated and was re-hashed with the preferred hasher; `written` is
  // false when the store refused the write (store_fault says why).
  virtual void password_upgraded(bool written) noexcept { (void)written; }
};

// An Events that ignores everything: the default of ApplicationOptions.
std::shared_ptr<Events> ignore_events();

// Reports the failure of store call `operation` and returns what to answer: kServiceUnavailable
// (503) when the database cannot be reached or is busy beyond its timeout, else kInternal (500).
ErrorCode store_fault(Events& events, std::string_view operation, const StoreError& error);

}  // namespace restjwt
