// Django 4.0+'s ScryptPasswordHasher: "scrypt$<N>$<salt>$<r>$<p>$<base64 of a 64-byte key>",
// computed by OpenSSL's EVP_PBE_scrypt as Python's hashlib.scrypt does.
#include <array>
#include <optional>

#include <openssl/evp.h>

#include "core/base64.hpp"
#include "hashers/encoding.hpp"
#include "hashers/hasher_factories.hpp"

namespace restjwt::detail {
namespace {

constexpr std::string_view kAlgorithm = "scrypt";
constexpr std::size_t kKeyBytes = 64;

struct ScryptParams {
  std::uint64_t n = 0;
  std::uint64_t r = 0;
  std::uint64_t p = 0;
};

// 128·r·N for V plus 128·r·p for B, as EVP_PBE_scrypt counts it; within the cap, or nothing.
std::optional<std::uint64_t> memory_needed(const ScryptParams& params) {
  constexpr std::uint64_t kCap = PasswordHasherLimits::kMaxScryptMemoryBytes;
  if (params.n < 2 || (params.n & (params.n - 1)) != 0 || params.r == 0 || params.p == 0 ||
      params.r > kCap / 128 || params.n > kCap / 128 / params.r ||
      params.p > kCap / 128 / params.r) {
    return std::nullopt;
  }
  const std::uint64_t total = 128 * params.r * (params.n + 2 + params.p);
  if (total > kCap) return std::nullopt;
  return total;
}

class ScryptHasher final : public PasswordHasher {
 public:
  explicit ScryptHasher(ScryptParams params) : params_(params) {}

  std::string_view algorithm() const override { return kAlgorithm; }
  bool can_hash() const override { return true; }
  std::string salt() const override { return random_alphanumeric(kSaltChars); }

  std::string encode(std::string_view password, std::string_view salt) const override {
    return encode_with(password, salt, params_);
  }

  bool verify(std::string_view password, std::string_view encoded) const override {
    std::string_view salt;
    const auto params = parse(encoded, &salt);
    if (!params) return false;
    return constant_time_equals(encoded, encode_with(password, salt, *params));
  }

  // Django compares the three parameters only (no salt-entropy check for scrypt).
  bool must_update(std::string_view encoded) const override {
    std::string_view salt;
    const auto params = parse(encoded, &salt);
    // Django: any parameter differs; a cost above ours is kept here (re-hashing would lower it).
    return !params || !memory_needed(*params) ||  // beyond the limits: never verifies
           compare_work({{params->n, params_.n}, {params->r, params_.r}, {params->p, params_.p}}) ==
               StoredWork::kWeaker;
  }

  // Django's ScryptPasswordHasher does not harden the runtime either.
  void harden_runtime(std::string_view /*password*/, std::string_view /*encoded*/) const override {}

 private:
  // Django's decode: split into algorithm, work_factor, salt, block_size, parallelism, hash.
  static std::optional<ScryptParams> parse(std::string_view encoded, std::string_view* salt) {
    const auto parts = split(encoded, '$', 5);
    if (parts.size() != 6 || parts[0] != kAlgorithm || parts[2].empty()) return std::nullopt;
    const auto n = parse_decimal(parts[1], PasswordHasherLimits::kMaxScryptMemoryBytes);
    const auto r = parse_decimal(parts[3], PasswordHasherLimits::kMaxScryptMemoryBytes);
    const auto p = parse_decimal(parts[4], PasswordHasherLimits::kMaxScryptMemoryBytes);
    if (!n || !r || !p) return std::nullopt;
    *salt = parts[2];
    return ScryptParams{*n, *r, *p};
  }

  static std::string encode_with(std::string_view password, std::string_view salt,
                                 const ScryptParams& params) {
    const auto memory = memory_needed(params);
    if (!memory || salt.empty() || salt.find('$') != std::string_view::npos) return {};
    std::array<unsigned char, kKeyBytes> key{};
    const auto salt_bytes = as_bytes(salt);
    if (EVP_PBE_scrypt(password.data(), password.size(), salt_bytes.data(), salt_bytes.size(),
                       params.n, params.r, params.p, *memory + 4096, key.data(), key.size()) != 1) {
      return {};
    }
    std::string encoded(kAlgorithm);
    encoded += '$' + std::to_string(params.n) + '$';
    encoded += salt;
    encoded += '$' + std::to_string(params.r) + '$' + std::to_string(params.p) + '$';
    encoded += base64_encode(key, Base64Alphabet::kStandard, /*pad=*/true);
    return encoded;
  }

  ScryptParams params_;
};

}  // namespace

HasherPtr make_scrypt_hasher(std::uint64_t work_factor, std::uint32_t block_size,
                             std::uint32_t parallelism) {
  return std::make_shared<const ScryptHasher>(ScryptParams{work_factor, block_size, parallelism});
}

// Used by PasswordHashers::from_names to validate the configured parameters.
bool scrypt_params_supported(std::uint64_t work_factor, std::uint32_t block_size,
                             std::uint32_t parallelism) {
  return memory_needed(ScryptParams{work_factor, block_size, parallelism}).has_value();
}

}  // namespace restjwt::detail
