// UUIDs as Django's UUIDField keeps them: 32 lowercase hex digits in SQLite (char(32)), the
// dashed canonical form everywhere else (str(uuid) in Python, the `user_id` claim).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace restjwt::detail {

// A random version-4 UUID as 32 lowercase hex digits (uuid.uuid4().hex), from the kernel's
// CSPRNG; nullopt only if getrandom() fails.
std::optional<std::string> random_uuid_hex();

// 32 lowercase hex digits from the dashed (8-4-4-4-12) or undashed form, any case; nullopt when
// `text` is neither.
std::optional<std::string> uuid_to_hex(std::string_view text);

// The dashed lowercase form of a stored UUID; text that is not 32 hex digits comes back as it is.
std::string uuid_to_canonical(std::string_view stored);

}  // namespace restjwt::detail
