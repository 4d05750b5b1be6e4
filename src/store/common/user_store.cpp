#include "restjwt/user_store.hpp"

#include "store/common/uuid.hpp"

namespace restjwt {

std::optional<std::string> random_user_secret() {
  const auto hex = detail::random_uuid_hex();
  if (!hex) return std::nullopt;
  return detail::uuid_to_canonical(*hex);
}

StoreResult<void> UserStore::ping() {
  auto found = find_by_username(std::string(151, '-'));
  if (!found) return unexpected(std::move(found).error());
  return {};
}

}  // namespace restjwt
