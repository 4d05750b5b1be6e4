#include "restjwt/user_store.hpp"
#include "store/common/uuid.hpp"

namespace restjwt {

std::optional<std::string> random_user_secret() {
  const auto hex = detail::random_uuid_hex();
  if (!hex) return std::nullopt;
  return detail::uuid_to_canonical(*hex);
}

}  // namespace restjwt
