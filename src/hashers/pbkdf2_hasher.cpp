// Django's PBKDF2PasswordHasher and PBKDF2SHA1PasswordHasher:
// "<algorithm>$<iterations>$<salt>$<base64 of the digest-sized key>".
#include <array>
#include <optional>
#include <span>

#include "core/base64.hpp"
#include "hashers/encoding.hpp"
#include "hashers/hasher_factories.hpp"
#include "hashers/pbkdf2.hpp"

namespace restjwt::detail {
namespace {

struct Pbkdf2Encoding {
  std::uint64_t iterations = 0;
  std::string_view salt;
};

class Pbkdf2Hasher final : public PasswordHasher {
 public:
  Pbkdf2Hasher(Pbkdf2Digest digest, std::uint64_t iterations)
      : digest_(digest), iterations_(iterations) {}

  std::string_view algorithm() const override {
    return digest_ == Pbkdf2Digest::kSha256 ? "pbkdf2_sha256" : "pbkdf2_sha1";
  }
  bool can_hash() const override { return true; }
  std::string salt() const override { return random_alphanumeric(kSaltChars); }

  std::string encode(std::string_view password, std::string_view salt) const override {
    return encode_with(password, salt, iterations_);
  }

  bool verify(std::string_view password, std::string_view encoded) const override {
    const auto parsed = parse(encoded);
    if (!parsed) return false;
    return constant_time_equals(encoded, encode_with(password, parsed->salt, parsed->iterations));
  }

  // Django's must_update (iterations differ, or a short salt), except that a hash with more
  // iterations than ours is kept: re-hashing it would lower its cost.
  bool must_update(std::string_view encoded) const override {
    const auto parsed = parse(encoded);
    if (!parsed) return true;
    const StoredWork work = compare_work({{parsed->iterations, iterations_}});
    return work == StoredWork::kWeaker ||
           (work == StoredWork::kSame && salt_too_short(parsed->salt.size()));
  }

  void harden_runtime(std::string_view password, std::string_view encoded) const override {
    const auto parsed = parse(encoded);
    if (!parsed || parsed->iterations >= iterations_) return;
    std::array<unsigned char, 32> sink{};
    pbkdf2_hmac(digest_, password, parsed->salt, iterations_ - parsed->iterations,
                std::span(sink).first(pbkdf2_digest_size(digest_)));
  }

 private:
  // Django's decode: encoded.split('$', 3). Iterations are Django's "%d" spelling, 1 to the cap;
  // anything else could not match the re-encoding and is rejected without hashing.
  std::optional<Pbkdf2Encoding> parse(std::string_view encoded) const {
    const auto parts = split(encoded, '$', 3);
    if (parts.size() != 4 || parts[0] != algorithm() || parts[2].empty()) return std::nullopt;
    const auto iterations = parse_decimal(parts[1], PasswordHasherLimits::kMaxPbkdf2Iterations);
    if (!iterations || *iterations == 0) return std::nullopt;
    return Pbkdf2Encoding{*iterations, parts[2]};
  }

  std::string encode_with(std::string_view password, std::string_view salt,
                          std::uint64_t iterations) const {
    // Django's _check_encode_args: a salt is required and cannot contain '$'.
    if (salt.empty() || salt.find('$') != std::string_view::npos) return {};
    std::array<unsigned char, 32> key{};
    const auto out = std::span(key).first(pbkdf2_digest_size(digest_));
    pbkdf2_hmac(digest_, password, salt, iterations, out);
    std::string encoded(algorithm());
    encoded += '$';
    encoded += std::to_string(iterations);
    encoded += '$';
    encoded += salt;
    encoded += '$';
    encoded += base64_encode(out, Base64Alphabet::kStandard, /*pad=*/true);
    return encoded;
  }

  Pbkdf2Digest digest_;
  std::uint64_t iterations_;
};

}  // namespace

HasherPtr make_pbkdf2_hasher(Pbkdf2Digest digest, std::uint64_t iterations) {
  return std::make_shared<const Pbkdf2Hasher>(digest, iterations);
}

}  // namespace restjwt::detail
