// Cookies: reading one from the Cookie header as Django's parse_cookie does, and writing the
// JWT cookie as Django's set_cookie does (wire contract §12, §15.9).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "restjwt/settings.hpp"

namespace restjwt::detail {

// The value of cookie `name` (the last one when repeated), unquoted; nullopt when absent.
std::optional<std::string> find_cookie(std::string_view header, std::string_view name);

// "name=token; expires=Sat, 28 Nov 2026 15:00:00 GMT; HttpOnly; Max-Age=300; Path=/;
// SameSite=Lax; Secure" (Python's Morsel writes attributes sorted by name; Domain first).
std::string jwt_cookie(const Settings& settings, std::string_view token, std::int64_t now);

// RFC 7231 IMF-fixdate: "Wdy, DD Mon YYYY HH:MM:SS GMT".
std::string http_date(std::int64_t epoch_seconds);

}  // namespace restjwt::detail
