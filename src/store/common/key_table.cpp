#include "store/common/key_table.hpp"

#include <charconv>

namespace restjwt::detail {
namespace {

std::optional<std::int64_t> to_int64(const std::string& text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

StoreResult<StoredKey> stored_key_from_columns(const std::array<std::string, 8>& c) {
  const auto algorithm = algorithm_from_name(c[1]);
  const auto state = key_state_from_name(c[2]);
  const auto created = to_int64(c[3]);
  const auto activated = to_int64(c[4]);
  const auto retired = to_int64(c[5]);
  if (!algorithm || !state || !created || !activated || !retired) {
    return unexpected(StoreError{StoreError::Kind::kInvalid,
                                 "restjwt_keys: the row of key " + c[0] + " cannot be read"});
  }
  return StoredKey{c[0], *algorithm, *state, *created, *activated, *retired, c[6], c[7]};
}

std::array<std::string, 8> columns_of(const StoredKey& key) {
  return {key.kid,
          std::string(to_string(key.algorithm)),
          std::string(to_string(key.state)),
          std::to_string(key.created_at),
          std::to_string(key.activated_at),
          std::to_string(key.retired_at),
          key.public_pem,
          key.secret};
}

StoreResult<bool> activate_in_transaction(const std::string& kid, const std::string& replaces,
                                          const ActiveKidReader& active_kid,
                                          const KeyUpdate& update) {
  if (kid == replaces) return false;  // already active
  auto active = active_kid();
  if (!active) return unexpected(active.error());
  if (*active != replaces) return false;  // someone else switched keys since the caller looked
  if (!replaces.empty()) {
    // First, so that the one-active-key index never sees two.
    auto retired = update(kRetireActive, replaces);
    if (!retired) return unexpected(retired.error());
  }
  auto activated = update(kActivateKey, kid);
  if (!activated) return unexpected(activated.error());
  return *activated == 1;
}

}  // namespace restjwt::detail
