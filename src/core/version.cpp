#include "restjwt/version.hpp"

namespace restjwt {

// Compiled into the library, so it reports the library's version, not the caller's headers'.
std::string_view version() noexcept { return kVersion; }

}  // namespace restjwt
