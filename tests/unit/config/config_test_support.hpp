// Environments for the config tests: no test touches the process environment.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "restjwt/config.hpp"

namespace restjwt::test {

inline const std::string kSecret(48, 's');

inline Environment env_of(std::map<std::string, std::string> values) {
  return Environment::of(std::move(values));
}

// `values` plus a valid JWT_SECRET_KEY.
inline Environment with_secret(std::map<std::string, std::string> values = {}) {
  values.emplace("JWT_SECRET_KEY", kSecret);
  return env_of(std::move(values));
}

}  // namespace restjwt::test
