// Django's BCryptSHA256PasswordHasher ("bcrypt_sha256$" + bcrypt of hex(sha256(password)), so
// long passwords are not truncated, Django #20138) and BCryptPasswordHasher ("bcrypt$" + bcrypt
// of the password itself, truncated at 72 bytes as bcrypt does).
#include <array>
#include <optional>

#include <openssl/evp.h>

#include "core/base64.hpp"
#include "hashers/bcrypt_crypt.hpp"
#include "hashers/encoding.hpp"
#include "hashers/hasher_factories.hpp"

namespace restjwt::detail {
namespace {

constexpr std::size_t kSettingChars = 29;  // "$2b$12$" + 22 salt characters

// The two-digit rounds of a bcrypt string "$2b$<rounds>$…" (Django: data.split('$')[2]).
std::optional<std::uint32_t> bcrypt_rounds(std::string_view data) {
  const auto parts = split(data, '$', 3);
  if (parts.size() < 4 || !parts[0].empty()) return std::nullopt;
  const std::string_view digits = parts[2];
  if (digits.size() != 2 || digits[0] < '0' || digits[0] > '9' || digits[1] < '0' ||
      digits[1] > '9') {
    return std::nullopt;
  }
  return static_cast<std::uint32_t>((digits[0] - '0') * 10 + (digits[1] - '0'));
}

// "$2a$", "$2b$" or "$2y$", two-digit rounds, 53 characters of salt and checksum.
bool well_formed(std::string_view data) {
  if (data.size() != 60 || !data.starts_with("$2") || data[3] != '$' || data[6] != '$') {
    return false;
  }
  const char variant = data[2];
  constexpr std::string_view kBcryptBase64 =
      "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return (variant == 'a' || variant == 'b' || variant == 'y') && bcrypt_rounds(data).has_value() &&
         data.find_first_not_of(kBcryptBase64, 7) == std::string_view::npos;
}

class BcryptHasher final : public PasswordHasher {
 public:
  BcryptHasher(bool sha256_prehash, std::uint32_t rounds)
      : sha256_prehash_(sha256_prehash), rounds_(rounds) {}

  std::string_view algorithm() const override {
    return sha256_prehash_ ? "bcrypt_sha256" : "bcrypt";
  }
  bool can_hash() const override { return true; }

  // bcrypt.gensalt(rounds): 16 random bytes in bcrypt's base64 alphabet.
  std::string salt() const override {
    std::array<unsigned char, 16> bytes{};
    random_bytes(bytes);
    return setting_prefix() + base64_encode(bytes, Base64Alphabet::kBcrypt, /*pad=*/false);
  }

  // `salt` is a bcrypt setting or a whole bcrypt string; Django: bcrypt.hashpw(password, salt).
  std::string encode(std::string_view password, std::string_view salt) const override {
    if (salt.size() < kSettingChars || salt[0] != '$' || salt[1] != '2') return {};
    std::string key;
    if (sha256_prehash_) {
      std::array<unsigned char, 32> digest{};
      EVP_Digest(password.data(), password.size(), digest.data(), nullptr, EVP_sha256(), nullptr);
      key = hex_encode(digest);
    } else {
      key = password;
    }
    // Python's bcrypt normalises $2a$ and $2y$ to $2b$ (OpenBSD semantics) and puts the caller's
    // prefix back; libxcrypt's $2a$ differs for some 8-bit passwords, so normalise the same way.
    std::string setting(salt.substr(0, kSettingChars));
    const char variant = setting[2];
    if (setting[3] != '$' || (variant != 'a' && variant != 'b' && variant != 'y')) return {};
    setting[2] = 'b';
    std::string hashed = bcrypt_crypt(key, setting);
    if (hashed.empty()) return {};
    hashed[2] = variant;
    return std::string(algorithm()) + '$' + hashed;
  }

  bool verify(std::string_view password, std::string_view encoded) const override {
    const auto parts = split(encoded, '$', 1);
    if (parts.size() != 2 || parts[0] != algorithm()) return false;
    const auto rounds = bcrypt_rounds(parts[1]);
    if (!rounds || *rounds > PasswordHasherLimits::kMaxBcryptRounds) return false;
    return constant_time_equals(encoded, encode(password, parts[1]));
  }

  bool must_update(std::string_view encoded) const override {
    const auto parts = split(encoded, '$', 1);
    // Django compares the rounds only (more rounds than ours are kept here: re-hashing would
    // lower them); a malformed string is outdated as well here.
    if (parts.size() != 2 || parts[0] != algorithm() || !well_formed(parts[1])) return true;
    const auto rounds = bcrypt_rounds(parts[1]);
    return !rounds || *rounds > PasswordHasherLimits::kMaxBcryptRounds ||
           compare_work({{*rounds, rounds_}}) == StoredWork::kWeaker;
  }

  // Django: 2^(rounds − encoded rounds) − 1 more hashes with the encoding's salt.
  void harden_runtime(std::string_view password, std::string_view encoded) const override {
    const auto parts = split(encoded, '$', 1);
    if (parts.size() != 2) return;
    const auto rounds = bcrypt_rounds(parts[1]);
    if (!rounds || *rounds >= rounds_ || parts[1].size() < kSettingChars) return;
    const std::string_view salt = parts[1].substr(0, kSettingChars);
    for (std::uint64_t extra = (std::uint64_t{1} << (rounds_ - *rounds)) - 1; extra > 0; --extra) {
      static_cast<void>(encode(password, salt));
    }
  }

 private:
  std::string setting_prefix() const {
    return "$2b$" + std::string(rounds_ < 10 ? "0" : "") + std::to_string(rounds_) + '$';
  }

  bool sha256_prehash_;
  std::uint32_t rounds_;
};

}  // namespace

HasherPtr make_bcrypt_hasher(bool sha256_prehash, std::uint32_t rounds) {
  return std::make_shared<const BcryptHasher>(sha256_prehash, rounds);
}

}  // namespace restjwt::detail
