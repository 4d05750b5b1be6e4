#include "store/sqlite/user_row_cache.hpp"

namespace restjwt::detail {

void UserRowCache::catch_up(const WalStamp& now) {
  if (stamp_ != now) {
    rows_.clear();
    stamp_ = now;
  }
}

const std::optional<User>* UserRowCache::find(const WalStamp& now, std::string_view key) {
  catch_up(now);
  const auto found = rows_.find(key);
  return found == rows_.end() ? nullptr : &found->second;
}

void UserRowCache::remember(const WalStamp& before, std::string_view key,
                            const std::optional<User>& row) {
  // A commit between `before` and the read makes the next lookup's stamp differ from `before`,
  // so the row is dropped then, never served.
  catch_up(before);
  if (rows_.size() >= kMaxRows) {
    rows_.clear();
  }
  rows_.insert_or_assign(std::string(key), row);
}

}  // namespace restjwt::detail
