// Django-compatible password hashing: django.contrib.auth.hashers, Django 3.2–5.2.
//
// Stored formats (the `password` column of auth_user), identified by the text before the first
// `$` (Django's identify_hasher):
//   pbkdf2_sha256$<iterations>$<salt>$<base64 hash>           (Django's default)
//   pbkdf2_sha1$<iterations>$<salt>$<base64 hash>
//   argon2$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<b64 salt>$<b64 hash>   (unpadded base64;
//       argon2i / argon2d and the older forms without `v=` verify too)
//   bcrypt_sha256$$2b$<rounds>$<53 chars>   bcrypt of hex(sha256(password)), no 72-byte limit
//   bcrypt$$2b$<rounds>$<53 chars>          plain bcrypt, passwords truncated at 72 bytes
//   scrypt$<N>$<salt>$<r>$<p>$<base64 hash>                   (Django 4.0+, 64-byte key)
//   md5$<salt>$<hex>, sha1$<salt>$<hex>                        legacy, verify only
//   <32 hex> or md5$$<hex> (unsalted_md5), sha1$$<hex> (unsalted_sha1)   legacy, verify only
//   !<anything>                                                unusable: never matches
// The configuration names are the `algorithm` strings above (`[passwords] hashers`).
//
// Thread safety: every type here is immutable after construction; all const member functions may
// be called concurrently. Nothing throws on the verify path; malformed encodings simply do not
// match. Passwords are bytes (UTF-8 as Django encodes str); hashing is CPU-bound (0.1–0.3 s at the
// defaults), so call it from a worker pool, never from an I/O thread, which it would stall.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "restjwt/expected.hpp"

namespace restjwt {

// Work factors of the hashers that make new hashes. Defaults are Django 5.2's.
struct PasswordHasherOptions {
  std::uint32_t pbkdf2_iterations = 1000000;      // PBKDF2PasswordHasher.iterations
  std::uint32_t argon2_time_cost = 2;             // Argon2PasswordHasher.time_cost
  std::uint32_t argon2_memory_cost_kib = 102400;  // .memory_cost (KiB)
  std::uint32_t argon2_parallelism = 8;           // .parallelism
  std::uint32_t bcrypt_rounds = 12;               // BCryptSHA256PasswordHasher.rounds (log2)
  std::uint64_t scrypt_work_factor = 16384;       // ScryptPasswordHasher.work_factor (N = 2**14)
  std::uint32_t scrypt_block_size = 8;            // .block_size (r)
  std::uint32_t scrypt_parallelism = 1;           // .parallelism (p)
};

// A Django release's default PASSWORD_HASHERS and work factors, for a database shared with that
// release: "3.2" (PBKDF2 260,000 iterations; no scrypt in the list), "4.2" (600,000), "5.2"
// (1,000,000: PasswordHasherOptions' defaults). Argon2 (t=2, 100 MiB, p=8), bcrypt (12 rounds)
// and scrypt (N=2**14, r=8, p=1) are the same in all three. nullopt for another version.
struct DjangoPasswordDefaults {
  std::vector<std::string> hashers;  // names for PasswordHashers::from_names, first one hashes
  PasswordHasherOptions options;
};
std::optional<DjangoPasswordDefaults> django_password_defaults(std::string_view django_version);
// The versions django_password_defaults() knows: "3.2", "4.2", "5.2".
std::vector<std::string_view> known_django_versions();

// Encodings whose work factor exceeds these limits never match and are never computed, so a
// corrupted or hostile row cannot stall a worker (Django has no limit; it would hang or raise).
struct PasswordHasherLimits {
  static constexpr std::uint64_t kMaxPbkdf2Iterations = 100'000'000;  // ≈100× Django's default
  static constexpr std::uint32_t kMaxArgon2MemoryKib = 1U << 20;      // 1 GiB
  static constexpr std::uint32_t kMaxArgon2TimeCost = 64;
  static constexpr std::uint32_t kMaxArgon2Parallelism = 64;
  static constexpr std::uint32_t kMaxBcryptRounds = 20;               // 256× the default
  static constexpr std::uint64_t kMaxScryptMemoryBytes = 1ULL << 30;  // 128·r·N (+ 128·r·p)
};

// One algorithm: Django's BasePasswordHasher. Instances come from PasswordHashers.
class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;

  // The name stored before the first `$`, e.g. "pbkdf2_sha256"; also its configuration name.
  virtual std::string_view algorithm() const = 0;
  // False for the legacy hashers (md5, sha1, unsalted_*), which may verify but never hash.
  virtual bool can_hash() const = 0;
  // A fresh salt from the CSPRNG: 22 chars of [A-Za-z0-9] (128 bits, Django's salt()); for the
  // bcrypt hashers the full setting "$2b$<rounds>$<22 chars>" as bcrypt.gensalt().
  virtual std::string salt() const = 0;
  // Django's encode(password, salt) with the configured work factor. `salt` must be what salt()
  // returns or an equivalent Django salt (non-empty, no `$`); otherwise returns "" (no hash).
  virtual std::string encode(std::string_view password, std::string_view salt) const = 0;
  // True when `encoded` is this algorithm's encoding of `password`: the encoding is recomputed
  // with its own salt and work factor and compared in constant time (CRYPTO_memcmp), as Django.
  virtual bool verify(std::string_view password, std::string_view encoded) const = 0;
  // Django's must_update: the encoding's work factor is below the configured one, or its salt
  // has less than 128 bits of entropy (pbkdf2, argon2, md5, sha1). True for malformed encodings.
  // Unlike Django, an encoding with any work factor ABOVE the configured one is never outdated:
  // re-hashing would lower it (two programs on one database, e.g. Django 3.2 and 5.2, would
  // otherwise rewrite each other's hashes at every login).
  virtual bool must_update(std::string_view encoded) const = 0;
  // Django's harden_runtime: after a wrong password against a weaker encoding of this algorithm,
  // spends the work the configured factor would have cost (pbkdf2: the missing iterations;
  // bcrypt: 2^(rounds − encoded rounds) − 1 extra hashes; argon2 and scrypt: nothing, as Django).
  virtual void harden_runtime(std::string_view password, std::string_view encoded) const = 0;
};

// The result of PasswordHashers::check_password.
struct PasswordCheck {
  bool matches = false;
  // When the password matches an outdated encoding (another algorithm than the preferred one, or
  // must_update): the new encoding to store, made by the preferred hasher. Django's `setter`.
  std::optional<std::string> upgraded;
};

// Django's PASSWORD_HASHERS list: the first hasher makes new hashes, every listed one verifies.
class PasswordHashers {
 public:
  // Longer passwords never match and are never hashed (only the timing dummy runs).
  static constexpr std::size_t kMaxPasswordBytes = 4096;

  // `names` in preference order, e.g. {"pbkdf2_sha256", "pbkdf2_sha1", "argon2",
  // "bcrypt_sha256", "scrypt"}. Errors (one line, for start-up): an empty list, an unknown name
  // (the message names it and lists the known ones), a duplicate, a verify-only hasher first, or
  // out-of-range options.
  static Expected<PasswordHashers, std::string> from_names(
      const std::vector<std::string>& names, const PasswordHasherOptions& options = {});
  // Every name from_names accepts, in Django's documentation order.
  static std::vector<std::string_view> known_names();

  // Django's make_password: the preferred hasher with a fresh salt. The caller rejects passwords
  // over kMaxPasswordBytes first (check_password would never match them). Returns "" only when
  // the hashing library itself fails (out of memory): never store that.
  std::string make_password(std::string_view password) const;
  // "!" followed by 40 random [A-Za-z0-9] characters, as Django's make_password(None).
  static std::string make_unusable_password();
  // Django's is_password_usable: false only for the "!" prefix.
  static bool is_password_usable(std::string_view encoded);

  // Django's check_password/verify_password (5.0.7+ timing behaviour):
  //  - unusable, unknown-format or unconfigured-algorithm encodings and over-long passwords do
  //    not match, and the preferred hasher still runs once (make_password of a random string);
  //  - a wrong password against an outdated encoding of the preferred algorithm runs
  //    harden_runtime;
  //  - a right password on an outdated encoding sets `upgraded`.
  PasswordCheck check_password(std::string_view password, std::string_view encoded) const;
  // ModelBackend's timing equaliser for an unknown user: hashes `password` once with the
  // preferred hasher and discards the result.
  void run_default_hasher(std::string_view password) const;

  const PasswordHasher& preferred() const { return *hashers_.front(); }
  // The configured hasher whose algorithm Django's identify_hasher picks for `encoded`, or
  // nullptr (unusable, unknown format, or not configured).
  const PasswordHasher* identify(std::string_view encoded) const;

 private:
  explicit PasswordHashers(std::vector<std::shared_ptr<const PasswordHasher>> hashers)
      : hashers_(std::move(hashers)) {}

  std::vector<std::shared_ptr<const PasswordHasher>> hashers_;  // never empty, preferred first
};

}  // namespace restjwt
