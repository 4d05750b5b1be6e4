// Django's Argon2PasswordHasher: "argon2" followed by libargon2's own encoding,
// "$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<b64 salt>$<b64 hash>" (unpadded base64). The
// salt is Django's 22-character string used as bytes; the hash is 16 bytes (argon2-cffi's
// DEFAULT_HASH_LENGTH). Hashes from Django 1.10 without "v=" (Argon2 1.0) verify too.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <argon2.h>

#include "core/base64.hpp"
#include "hashers/encoding.hpp"
#include "hashers/hasher_factories.hpp"

namespace restjwt::detail {
namespace {

constexpr std::string_view kAlgorithm = "argon2";
constexpr std::uint32_t kHashBytes = 16;

struct Argon2Encoding {
  argon2_type type = Argon2_id;
  std::uint32_t version = ARGON2_VERSION_10;
  std::uint32_t memory_kib = 0;
  std::uint32_t time_cost = 0;
  std::uint32_t parallelism = 0;
  std::size_t salt_bytes = 0;
  std::size_t hash_bytes = 0;
};

// Costs no worker computes (PasswordHasherLimits): such an encoding never matches.
bool beyond_limits(const Argon2Encoding& e) {
  return e.memory_kib > PasswordHasherLimits::kMaxArgon2MemoryKib ||
         e.time_cost > PasswordHasherLimits::kMaxArgon2TimeCost ||
         e.parallelism > PasswordHasherLimits::kMaxArgon2Parallelism;
}

std::optional<argon2_type> parse_type(std::string_view name) {
  if (name == "argon2id") return Argon2_id;
  if (name == "argon2i") return Argon2_i;
  if (name == "argon2d") return Argon2_d;
  return std::nullopt;
}

std::optional<std::uint32_t> parse_field(std::string_view field, std::string_view key) {
  if (field.substr(0, key.size()) != key) return std::nullopt;
  const auto value = parse_decimal(field.substr(key.size()), 0xFFFFFFFFU);
  if (!value) return std::nullopt;
  return static_cast<std::uint32_t>(*value);
}

// argon2-cffi's extract_parameters, with the libargon2 field order "m=…,t=…,p=…".
std::optional<Argon2Encoding> parse(std::string_view encoded) {
  auto parts = split(encoded, '$', 6);
  if (parts.size() == 5) parts.insert(parts.begin() + 2, "v=16");  // before Argon2 1.3
  if (parts.size() != 6 || parts[0] != kAlgorithm) return std::nullopt;
  const auto type = parse_type(parts[1]);
  const auto version = parse_field(parts[2], "v=");
  const auto costs = split(parts[3], ',');
  if (!type || !version || costs.size() != 3) return std::nullopt;
  const auto m = parse_field(costs[0], "m=");
  const auto t = parse_field(costs[1], "t=");
  const auto p = parse_field(costs[2], "p=");
  if (!m || !t || !p) return std::nullopt;
  // The salt and hash lengths as argon2-cffi's _decoded_str_len counts unpadded base64.
  return Argon2Encoding{*type,
                        *version,
                        *m,
                        *t,
                        *p,
                        base64_decoded_size(parts[4].size()),
                        base64_decoded_size(parts[5].size())};
}

class Argon2Hasher final : public PasswordHasher {
 public:
  Argon2Hasher(std::uint32_t time_cost, std::uint32_t memory_kib, std::uint32_t parallelism)
      : time_cost_(time_cost), memory_kib_(memory_kib), parallelism_(parallelism) {}

  std::string_view algorithm() const override { return kAlgorithm; }
  bool can_hash() const override { return true; }
  std::string salt() const override { return random_alphanumeric(kSaltChars); }

  std::string encode(std::string_view password, std::string_view salt) const override {
    if (salt.empty() || salt.find('$') != std::string_view::npos) return {};
    std::vector<char> out(argon2_encodedlen(time_cost_, memory_kib_, parallelism_,
                                            static_cast<std::uint32_t>(salt.size()), kHashBytes,
                                            Argon2_id) +
                          1);
    const int rc = argon2_hash(time_cost_, memory_kib_, parallelism_, password.data(),
                               password.size(), salt.data(), salt.size(), nullptr, kHashBytes,
                               out.data(), out.size(), Argon2_id, ARGON2_VERSION_13);
    if (rc != ARGON2_OK) return {};
    return std::string(kAlgorithm) + out.data();
  }

  bool verify(std::string_view password, std::string_view encoded) const override {
    const auto parsed = parse(encoded);
    if (!parsed || beyond_limits(*parsed)) return false;
    // libargon2 recomputes with the encoding's own parameters and compares in constant time.
    const std::string libargon2_form(encoded.substr(kAlgorithm.size()));
    return argon2_verify(libargon2_form.c_str(), password.data(), password.size(), parsed->type) ==
           ARGON2_OK;
  }

  // Django compares argon2.Parameters: type, version, hash length and the three costs. An
  // encoding with a cost above ours is kept whatever else differs: re-hashing would lower it.
  bool must_update(std::string_view encoded) const override {
    const auto parsed = parse(encoded);
    if (!parsed || beyond_limits(*parsed)) return true;  // never verifies
    const StoredWork work = compare_work({{parsed->time_cost, time_cost_},
                                          {parsed->memory_kib, memory_kib_},
                                          {parsed->parallelism, parallelism_}});
    if (work != StoredWork::kSame) return work == StoredWork::kWeaker;
    return parsed->type != Argon2_id || parsed->version != ARGON2_VERSION_13 ||
           parsed->hash_bytes != kHashBytes || salt_too_short(parsed->salt_bytes);
  }

  // Django: "The runtime for Argon2 is too complicated to implement a sensible hardening".
  void harden_runtime(std::string_view /*password*/, std::string_view /*encoded*/) const override {}

 private:
  std::uint32_t time_cost_;
  std::uint32_t memory_kib_;
  std::uint32_t parallelism_;
};

}  // namespace

HasherPtr make_argon2_hasher(std::uint32_t time_cost, std::uint32_t memory_cost_kib,
                             std::uint32_t parallelism) {
  return std::make_shared<const Argon2Hasher>(time_cost, memory_cost_kib, parallelism);
}

}  // namespace restjwt::detail
