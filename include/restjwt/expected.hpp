// Expected<T, E>: a value or an error, returned by value: no exceptions on the request path.
//
// g++ 12 has no std::expected in C++20, so this is the small subset restjwt uses, with the
// member names of std::expected so that moving to it later is a rename of the include.
#pragma once

#include <type_traits>
#include <utility>
#include <variant>

#include "restjwt/error.hpp"

namespace restjwt {

template <typename E>
class Unexpected {
 public:
  constexpr explicit Unexpected(E error) : error_(std::move(error)) {}
  constexpr const E& error() const& noexcept { return error_; }
  constexpr E&& error() && noexcept { return std::move(error_); }

 private:
  E error_;
};

// Wraps an error so that it converts to any Expected<T, E>: `return unexpected(code);`.
template <typename E>
constexpr Unexpected<std::decay_t<E>> unexpected(E&& error) {
  return Unexpected<std::decay_t<E>>(std::forward<E>(error));
}

template <typename T, typename E = ErrorCode>
class [[nodiscard]] Expected {
 public:
  using value_type = T;
  using error_type = E;

  template <typename U = T, typename = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                                        !std::is_same_v<std::decay_t<U>, Expected>>>
  constexpr Expected(U&& value)  // NOLINT(google-explicit-constructor): mirrors std::expected
      : storage_(std::in_place_index<0>, std::forward<U>(value)) {}

  template <typename G>
  constexpr Expected(Unexpected<G> error)  // NOLINT(google-explicit-constructor)
      : storage_(std::in_place_index<1>, std::move(error).error()) {}

  constexpr bool has_value() const noexcept { return storage_.index() == 0; }
  constexpr explicit operator bool() const noexcept { return has_value(); }

  constexpr T& value() & { return std::get<0>(storage_); }
  constexpr const T& value() const& { return std::get<0>(storage_); }
  constexpr T&& value() && { return std::get<0>(std::move(storage_)); }
  constexpr T& operator*() & { return value(); }
  constexpr const T& operator*() const& { return value(); }
  constexpr T&& operator*() && { return std::move(*this).value(); }
  constexpr T* operator->() { return &value(); }
  constexpr const T* operator->() const { return &value(); }

  constexpr const E& error() const& { return std::get<1>(storage_); }
  constexpr E&& error() && { return std::get<1>(std::move(storage_)); }

  template <typename U>
  constexpr T value_or(U&& fallback) const& {
    return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, E> storage_;
};

// Expected<void, E>: success carries no value.
template <typename E>
class [[nodiscard]] Expected<void, E> {
 public:
  constexpr Expected() = default;
  template <typename G>
  constexpr Expected(Unexpected<G> error)  // NOLINT(google-explicit-constructor)
      : has_error_(true), error_(std::move(error).error()) {}

  constexpr bool has_value() const noexcept { return !has_error_; }
  constexpr explicit operator bool() const noexcept { return has_value(); }
  constexpr const E& error() const& { return error_; }

 private:
  bool has_error_ = false;
  E error_{};
};

}  // namespace restjwt
