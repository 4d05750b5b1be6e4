// libcrypt is loaded at run time rather than linked: src/CMakeLists.txt links restjwt_passwords
// with OpenSSL and libargon2 only, and the shared libcrypt.so.1 soname is stable (libxcrypt keeps
// glibc's ABI). Linking it (pkg-config "libxcrypt") would turn this file into a direct call.
#include "hashers/bcrypt_crypt.hpp"

#include <crypt.h>
#include <dlfcn.h>
#include <openssl/crypto.h>

#include <memory>

namespace restjwt::detail {
namespace {

using CryptRn = char* (*)(const char* phrase, const char* setting, void* data, int size);

CryptRn load_crypt_rn() noexcept {
  // Never closed: the handle lives as long as the process, as a linked library would.
  void* library = dlopen("libcrypt.so.1", RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) return nullptr;
  void* symbol = dlsym(library, "crypt_rn");
  return reinterpret_cast<CryptRn>(symbol);  // POSIX guarantees this conversion for dlsym
}

CryptRn crypt_rn_function() noexcept {
  static const CryptRn function = load_crypt_rn();  // thread-safe initialisation, then immutable
  return function;
}

}  // namespace

bool bcrypt_available() noexcept { return crypt_rn_function() != nullptr; }

std::string bcrypt_crypt(std::string_view key, std::string_view setting) {
  const CryptRn crypt_rn = crypt_rn_function();
  if (crypt_rn == nullptr || key.find('\0') != std::string_view::npos ||
      setting.find('\0') != std::string_view::npos) {
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
