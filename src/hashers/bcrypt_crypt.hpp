// bcrypt through libxcrypt's crypt_rn (Debian's libcrypt1), which implements "$2b$" exactly as
// OpenBSD and Python's bcrypt module do.
#pragma once

#include <string>
#include <string_view>

namespace restjwt::detail {

// crypt(3) of `key` with `setting` ("$2b$<rounds>$<22 salt chars>", or a whole bcrypt hash):
// the 60-character result, or "" when libcrypt is unavailable, the setting is invalid, or the key
// contains a NUL byte (Python's bcrypt raises ValueError there). Thread-safe.
std::string bcrypt_crypt(std::string_view key, std::string_view setting);

// Whether libcrypt.so.1 could be loaded and offers crypt_rn (checked once at start-up).
bool bcrypt_available() noexcept;

}  // namespace restjwt::detail
