#include "restjwt/user.hpp"

namespace restjwt {

std::string to_string(const UserId& id) {
  if (const auto* integer = std::get_if<std::int64_t>(&id)) {
    return std::to_string(*integer);
  }
  return std::get<std::string>(id);
}

}  // namespace restjwt
