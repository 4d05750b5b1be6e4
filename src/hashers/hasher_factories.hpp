// Constructors of the concrete hashers; PasswordHashers::from_names validates the options first.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "hashers/pbkdf2.hpp"
#include "restjwt/password_hasher.hpp"

namespace restjwt::detail {

using HasherPtr = std::shared_ptr<const PasswordHasher>;

// pbkdf2_sha256 or pbkdf2_sha1 (Django's PBKDF2PasswordHasher, PBKDF2SHA1PasswordHasher).
HasherPtr make_pbkdf2_hasher(Pbkdf2Digest digest, std::uint64_t iterations);

// argon2 (Argon2PasswordHasher: argon2id, version 19, 16-byte hash).
HasherPtr make_argon2_hasher(std::uint32_t time_cost, std::uint32_t memory_cost_kib,
                             std::uint32_t parallelism);

// bcrypt_sha256 (sha256_prehash) or bcrypt (BCryptSHA256PasswordHasher, BCryptPasswordHasher).
HasherPtr make_bcrypt_hasher(bool sha256_prehash, std::uint32_t rounds);

// scrypt (Django 4.0's ScryptPasswordHasher, 64-byte key).
HasherPtr make_scrypt_hasher(std::uint64_t work_factor, std::uint32_t block_size,
                             std::uint32_t parallelism);
// N a power of two ≥ 2, r and p ≥ 1, memory within PasswordHasherLimits.
bool scrypt_params_supported(std::uint64_t work_factor, std::uint32_t block_size,
                             std::uint32_t parallelism);

// md5, sha1, unsalted_md5, unsalted_sha1: verify only. nullptr for any other name.
HasherPtr make_legacy_hasher(std::string_view algorithm);

}  // namespace restjwt::detail
