// bcrypt through libxcrypt's crypt_rn (Debian libcrypt-dev), which implements $2b$ exactly as
// Python's bcrypt does.
#include "hashers/bcrypt_crypt.hpp"

#include <memory>

#include <crypt.h>
#include <openssl/crypto.h>

namespace restjwt::detail {

bool bcrypt_available() noexcept { return true; }

std::string bcrypt_crypt(std::string_view key, std::string_view setting) {
  if (key.find('\0') != std::string_view::npos || setting.find('\0') != std::string_view::npos) {
    return {};
  }
  std::string phrase(key);
  const std::string salt(setting);
  // ~32 KiB of scratch space: on the heap, so that small worker stacks are not an issue.
  const auto data = std::make_unique<crypt_data>();
  const char* result = crypt_rn(phrase.c_str(), salt.c_str(), data.get(), sizeof(crypt_data));
  // crypt_rn returns NULL on failure (never the "*0" failure token that crypt_r may give).
  std::string out = result != nullptr && result[0] == '$' ? std::string(result) : std::string();
  OPENSSL_cleanse(phrase.data(), phrase.size());
  OPENSSL_cleanse(data.get(), sizeof(crypt_data));
  return out;
}

}  // namespace restjwt::detail
