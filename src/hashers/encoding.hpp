// Small pieces shared by the hashers: Django's encodings, salts and comparisons.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace restjwt::detail {

// Hex digest in lowercase, as Python's hexdigest().
std::string hex_encode(std::span<const unsigned char> bytes);

// Fills `out` from OpenSSL's CSPRNG. Aborts if the CSPRNG fails: a predictable salt is never
// acceptable, and there is no sensible fallback.
void random_bytes(std::span<unsigned char> out);

// `count` characters of [A-Za-z0-9] from OpenSSL's CSPRNG, uniformly (Django's
// get_random_string).
std::string random_alphanumeric(std::size_t count);

// Django's salt(): 22 characters, ceil(128 / log2(62)).
inline constexpr std::size_t kSaltChars = 22;

// Django's must_update_salt: fewer than 128 bits of entropy in an [A-Za-z0-9] salt.
bool salt_too_short(std::size_t salt_chars) noexcept;

// How a stored encoding's work factors compare with the configured ones. A neighbour with
// stronger settings (a newer Django on the same database) made a kStronger encoding: re-hashing
// it would lower its cost, and the two would rewrite each other's hashes at every login.
enum class StoredWork : std::uint8_t {
  kSame,      // every factor equal
  kWeaker,    // one below ours, none above: re-hash
  kStronger,  // one above ours: keep, whatever else differs
};
struct WorkFactor {
  std::uint64_t stored;
  std::uint64_t configured;
};
StoredWork compare_work(std::initializer_list<WorkFactor> factors) noexcept;

// Constant-time equality of two strings (CRYPTO_memcmp); different lengths are unequal.
bool constant_time_equals(std::string_view a, std::string_view b) noexcept;

// Python's str.split(separator, max_split): at most max_split + 1 parts, views into `text`.
std::vector<std::string_view> split(std::string_view text, char separator,
                                    std::size_t max_split = SIZE_MAX);

// A canonical unsigned decimal (no sign, no leading zero, no spaces) not above `max`, as Django
// re-encodes it with "%d"; any other spelling could never match and is rejected here.
std::optional<std::uint64_t> parse_decimal(std::string_view text, std::uint64_t max) noexcept;

// The bytes of a password or salt, hashed as they are (UTF-8 for Django's str).
inline std::span<const unsigned char> as_bytes(std::string_view text) noexcept {
  return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

}  // namespace restjwt::detail
