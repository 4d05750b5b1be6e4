// PasswordHashers: Django's PASSWORD_HASHERS list, make_password and check_password.
#include <algorithm>

#include "hashers/bcrypt_crypt.hpp"
#include "hashers/encoding.hpp"
#include "hashers/hasher_factories.hpp"
#include "restjwt/password_hasher.hpp"

namespace restjwt {
namespace {

constexpr std::size_t kUnusableSuffixChars = 40;  // Django's UNUSABLE_PASSWORD_SUFFIX_LENGTH

std::string join_known_names() {
  std::string out;
  for (const std::string_view name : PasswordHashers::known_names()) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

Expected<detail::HasherPtr, std::string> make_hasher(std::string_view name,
                                                     const PasswordHasherOptions& o) {
  using Limits = PasswordHasherLimits;
  const auto invalid = [&](std::string_view what) {
    return unexpected("password hasher \"" + std::string(name) + "\": " + std::string(what));
  };
  if (name == "pbkdf2_sha256" || name == "pbkdf2_sha1") {
    if (o.pbkdf2_iterations == 0 || o.pbkdf2_iterations > Limits::kMaxPbkdf2Iterations) {
      return invalid("pbkdf2_iterations must be between 1 and 100000000");
    }
    return detail::make_pbkdf2_hasher(
        name == "pbkdf2_sha256" ? detail::Pbkdf2Digest::kSha256 : detail::Pbkdf2Digest::kSha1,
        o.pbkdf2_iterations);
  }
  if (name == "argon2") {
    if (o.argon2_time_cost == 0 || o.argon2_time_cost > Limits::kMaxArgon2TimeCost ||
        o.argon2_parallelism == 0 || o.argon2_parallelism > Limits::kMaxArgon2Parallelism ||
        o.argon2_memory_cost_kib < 8 * o.argon2_parallelism ||
        o.argon2_memory_cost_kib > Limits::kMaxArgon2MemoryKib) {
      return invalid(
          "argon2 needs time_cost 1..64, parallelism 1..64 and memory_cost from "
          "8 × parallelism to 1048576 KiB");
    }
    return detail::make_argon2_hasher(o.argon2_time_cost, o.argon2_memory_cost_kib,
                                      o.argon2_parallelism);
  }
  if (name == "bcrypt_sha256" || name == "bcrypt") {
    if (o.bcrypt_rounds < 4 || o.bcrypt_rounds > Limits::kMaxBcryptRounds) {
      return invalid("bcrypt_rounds must be between 4 and 20");
    }
    if (!detail::bcrypt_available()) {
      return invalid("libcrypt.so.1 (Debian package libcrypt1) with crypt_rn is not available");
    }
    return detail::make_bcrypt_hasher(name == "bcrypt_sha256", o.bcrypt_rounds);
  }
  if (name == "scrypt") {
    if (!detail::scrypt_params_supported(o.scrypt_work_factor, o.scrypt_block_size,
                                         o.scrypt_parallelism)) {
      return invalid(
          "scrypt needs a power-of-two work factor ≥ 2, block size and parallelism ≥ 1, "
          "and at most 1 GiB of memory");
    }
    return detail::make_scrypt_hasher(o.scrypt_work_factor, o.scrypt_block_size,
                                      o.scrypt_parallelism);
  }
  if (auto legacy = detail::make_legacy_hasher(name)) return legacy;
  return unexpected("unknown password hasher \"" + std::string(name) +
                    "\"; known hashers: " + join_known_names());
}

// Django's identify_hasher: ancient unsalted MD5/SHA1 spellings, else the text before '$'.
std::string_view algorithm_of(std::string_view encoded) {
  if ((encoded.size() == 32 && encoded.find('$') == std::string_view::npos) ||
      (encoded.size() == 37 && encoded.starts_with("md5$$"))) {
    return "unsalted_md5";
  }
  if (encoded.size() == 46 && encoded.starts_with("sha1$$")) return "unsalted_sha1";
  return encoded.substr(0, encoded.find('$'));
}

}  // namespace

std::optional<DjangoPasswordDefaults> django_password_defaults(std::string_view django_version) {
  DjangoPasswordDefaults defaults{{"pbkdf2_sha256", "pbkdf2_sha1", "argon2", "bcrypt_sha256"}, {}};
  if (django_version == "3.2") {
    defaults.options.pbkdf2_iterations = 260000;
    return defaults;
  }
  defaults.hashers.emplace_back("scrypt");  // Django 4.0 added it to the list
  if (django_version == "4.2") {
    defaults.options.pbkdf2_iterations = 600000;
    return defaults;
  }
  if (django_version == "5.2") return defaults;  // PasswordHasherOptions' own
  return std::nullopt;
}

std::vector<std::string_view> known_django_versions() { return {"3.2", "4.2", "5.2"}; }

std::vector<std::string_view> PasswordHashers::known_names() {
  return {"pbkdf2_sha256", "pbkdf2_sha1", "argon2", "bcrypt_sha256", "bcrypt",
          "scrypt",        "md5",         "sha1",   "unsalted_md5",  "unsalted_sha1"};
}

Expected<PasswordHashers, std::string> PasswordHashers::from_names(
    const std::vector<std::string>& names, const PasswordHasherOptions& options) {
  if (names.empty()) return unexpected(std::string("the password hasher list is empty"));
  std::vector<detail::HasherPtr> hashers;
  for (const std::string& name : names) {
    auto hasher = make_hasher(name, options);
    if (!hasher) return unexpected(std::move(hasher).error());
    const bool duplicate = std::any_of(hashers.begin(), hashers.end(),
                                       [&](const auto& h) { return h->algorithm() == name; });
    if (duplicate) return unexpected("password hasher \"" + name + "\" is listed twice");
    hashers.push_back(std::move(*hasher));
  }
  if (!hashers.front()->can_hash()) {
    return unexpected("password hasher \"" + names.front() +
                      "\" only verifies legacy hashes and cannot be the first (preferred) one");
  }
  return PasswordHashers(std::move(hashers));
}

std::string PasswordHashers::make_password(std::string_view password) const {
  return preferred().encode(password, preferred().salt());
}

std::string PasswordHashers::make_unusable_password() {
  std::string encoded(1, '!');
  encoded += detail::random_alphanumeric(kUnusableSuffixChars);
  return encoded;
}

bool PasswordHashers::is_password_usable(std::string_view encoded) {
  return !encoded.starts_with('!');
}

const PasswordHasher* PasswordHashers::identify(std::string_view encoded) const {
  if (!is_password_usable(encoded)) return nullptr;
  const std::string_view algorithm = algorithm_of(encoded);
  for (const auto& hasher : hashers_) {
    if (hasher->algorithm() == algorithm) return hasher.get();
  }
  return nullptr;
}

PasswordCheck PasswordHashers::check_password(std::string_view password,
                                              std::string_view encoded) const {
  const PasswordHasher* hasher = identify(encoded);
  if (hasher == nullptr || password.size() > kMaxPasswordBytes) {
    // Django's fake_runtime: cost what a real check costs, so that the answer time does not
    // tell an unusable or unknown hash (or an over-long password) from a wrong password.
    static_cast<void>(make_password(detail::random_alphanumeric(kUnusableSuffixChars)));
    return {};
  }
  const PasswordHasher& best = preferred();
  const bool hasher_changed = hasher != &best;
  const bool must_update = hasher_changed || best.must_update(encoded);
  PasswordCheck check;
  check.matches = hasher->verify(password, encoded);
  // Django hardens only within one algorithm: across algorithms the work is not comparable.
  if (!check.matches && !hasher_changed && must_update) hasher->harden_runtime(password, encoded);
  if (check.matches && must_update) {
    std::string upgraded = make_password(password);
    if (!upgraded.empty()) check.upgraded = std::move(upgraded);  // "" only if hashing failed
  }
  return check;
}

void PasswordHashers::run_default_hasher(std::string_view password) const {
  if (password.size() > kMaxPasswordBytes) {
    static_cast<void>(make_password(detail::random_alphanumeric(kUnusableSuffixChars)));
    return;
  }
  static_cast<void>(make_password(password));
}

}  // namespace restjwt
