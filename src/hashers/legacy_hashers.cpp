// Django's legacy hashers, accepted for verification only (restjwt never makes these hashes;
// a successful login upgrades them to the preferred hasher):
//   md5$<salt>$<hex md5(salt + password)>      MD5PasswordHasher
//   sha1$<salt>$<hex sha1(salt + password)>    SHA1PasswordHasher (Django ≤ 5.0)
//   <hex md5(password)> or md5$$<hex>          UnsaltedMD5PasswordHasher (Django ≤ 5.0)
//   sha1$$<hex sha1(password)>                 UnsaltedSHA1PasswordHasher (Django ≤ 5.0)
#include <array>

#include <openssl/evp.h>

#include "hashers/encoding.hpp"
#include "hashers/hasher_factories.hpp"

namespace restjwt::detail {
namespace {

enum class Legacy : std::uint8_t { kMd5, kSha1, kUnsaltedMd5, kUnsaltedSha1 };

std::string hex_digest(const EVP_MD* md, std::string_view first, std::string_view second) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx, md, nullptr) == 1 &&
                  EVP_DigestUpdate(ctx, first.data(), first.size()) == 1 &&
                  EVP_DigestUpdate(ctx, second.data(), second.size()) == 1 &&
                  EVP_DigestFinal_ex(ctx, digest.data(), &size) == 1;
  EVP_MD_CTX_free(ctx);
  return ok ? hex_encode(std::span(digest).first(size)) : std::string();
}

class LegacyHasher final : public PasswordHasher {
 public:
  explicit LegacyHasher(Legacy kind) : kind_(kind) {}

  std::string_view algorithm() const override {
    switch (kind_) {
      case Legacy::kMd5:
        return "md5";
      case Legacy::kSha1:
        return "sha1";
      case Legacy::kUnsaltedMd5:
        return "unsalted_md5";
      case Legacy::kUnsaltedSha1:
        return "unsalted_sha1";
    }
    return {};
  }
  bool can_hash() const override { return false; }
  std::string salt() const override { return salted() ? random_alphanumeric(kSaltChars) : ""; }

  // Kept for tests and tools; PasswordHashers never makes legacy hashes.
  std::string encode(std::string_view password, std::string_view salt) const override {
    switch (kind_) {
      case Legacy::kMd5:
      case Legacy::kSha1:
        if (salt.empty() || salt.find('$') != std::string_view::npos) return {};
        return std::string(algorithm()) + '$' + std::string(salt) + '$' +
               hex_digest(kind_ == Legacy::kMd5 ? EVP_md5() : EVP_sha1(), salt, password);
      case Legacy::kUnsaltedMd5:
        return salt.empty() ? hex_digest(EVP_md5(), password, {}) : std::string();
      case Legacy::kUnsaltedSha1:
        return salt.empty() ? "sha1$$" + hex_digest(EVP_sha1(), password, {}) : std::string();
    }
    return {};
  }

  bool verify(std::string_view password, std::string_view encoded) const override {
    if (salted()) {
      const auto parts = split(encoded, '$', 2);
      if (parts.size() != 3 || parts[0] != algorithm()) return false;
      return constant_time_equals(encoded, encode(password, parts[1]));
    }
    if (kind_ == Legacy::kUnsaltedMd5 && encoded.size() == 37 && encoded.starts_with("md5$$")) {
      encoded.remove_prefix(5);
    }
    return constant_time_equals(encoded, encode(password, {}));
  }

  bool must_update(std::string_view encoded) const override {
    if (!salted()) return false;  // Django's BasePasswordHasher.must_update
    const auto parts = split(encoded, '$', 2);
    return parts.size() != 3 || salt_too_short(parts[1].size());
  }

  void harden_runtime(std::string_view /*password*/, std::string_view /*encoded*/) const override {}

 private:
  bool salted() const { return kind_ == Legacy::kMd5 || kind_ == Legacy::kSha1; }

  Legacy kind_;
};

}  // namespace

HasherPtr make_legacy_hasher(std::string_view algorithm) {
  if (algorithm == "md5") return std::make_shared<const LegacyHasher>(Legacy::kMd5);
  if (algorithm == "sha1") return std::make_shared<const LegacyHasher>(Legacy::kSha1);
  if (algorithm == "unsalted_md5")
    return std::make_shared<const LegacyHasher>(Legacy::kUnsaltedMd5);
  if (algorithm == "unsalted_sha1") {
    return std::make_shared<const LegacyHasher>(Legacy::kUnsaltedSha1);
  }
  return nullptr;
}

}  // namespace restjwt::detail
