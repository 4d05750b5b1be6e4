#include "hashers/encoding.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace restjwt::detail {
namespace {

constexpr std::string_view kAlphanumeric =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

}  // namespace

std::string hex_encode(std::span<const unsigned char> bytes) {
  constexpr std::string_view kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const unsigned char b : bytes) {
    out += kDigits[b >> 4U];
    out += kDigits[b & 15U];
  }
  return out;
}

void random_bytes(std::span<unsigned char> out) {
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    std::fputs("restjwt: the OpenSSL CSPRNG failed; refusing to make a salt\n", stderr);
    std::abort();
  }
}

std::string random_alphanumeric(std::size_t count) {
  std::string out;
  out.reserve(count);
  std::array<unsigned char, 64> pool{};
  // Rejection sampling: bytes >= 248 (= 4 × 62) are dropped, so every character is uniform.
  while (out.size() < count) {
    random_bytes(pool);
    for (const unsigned char b : pool) {
      if (b < 248 && out.size() < count) out += kAlphanumeric[b % kAlphanumeric.size()];
    }
  }
  OPENSSL_cleanse(pool.data(), pool.size());
  return out;
}

bool salt_too_short(std::size_t salt_chars) noexcept {
  return static_cast<double>(salt_chars) * std::log2(static_cast<double>(kAlphanumeric.size())) <
         128.0;
}

StoredWork compare_work(std::initializer_list<WorkFactor> factors) noexcept {
  StoredWork result = StoredWork::kSame;
  for (const auto& factor : factors) {
    if (factor.stored > factor.configured) return StoredWork::kStronger;
    if (factor.stored < factor.configured) result = StoredWork::kWeaker;
  }
  return result;
}

bool constant_time_equals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::vector<std::string_view> split(std::string_view text, char separator, std::size_t max_split) {
  std::vector<std::string_view> parts;
  while (parts.size() < max_split) {
    const std::size_t pos = text.find(separator);
    if (pos == std::string_view::npos) break;
    parts.push_back(text.substr(0, pos));
    text.remove_prefix(pos + 1);
  }
  parts.push_back(text);
  return parts;
}

std::optional<std::uint64_t> parse_decimal(std::string_view text, std::uint64_t max) noexcept {
  if (text.empty() || text.size() > 20 || (text.size() > 1 && text.front() == '0')) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (digit > max || value > (max - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

}  // namespace restjwt::detail
