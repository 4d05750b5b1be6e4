// The output of `restjwt users list`: what an operator needs, never a password hash or a secret.
#pragma once

#include <string>
#include <vector>

#include "restjwt/user.hpp"

namespace restjwt::cli {

// Aligned columns: id, username, email, active, staff, superuser, last_login; one line per user.
std::string users_as_table(const std::vector<User>& users);

// One JSON array of {"id", "username", "email", "first_name", "last_name", "is_active",
// "is_staff", "is_superuser", "last_login", "date_joined"}: id an integer or a UUID string,
// email null without an email column, last_login null when never set.
std::string users_as_json(const std::vector<User>& users);

}  // namespace restjwt::cli
