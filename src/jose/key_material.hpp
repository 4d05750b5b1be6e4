// The inside of a Key: the OpenSSL objects, kept out of the public header.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <openssl/bn.h>
#include <openssl/evp.h>

#include "restjwt/keys.hpp"

namespace restjwt::detail {

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }
};
struct BignumDeleter {
  void operator()(BIGNUM* number) const noexcept { BN_free(number); }
};
using OwnedBignum = std::unique_ptr<BIGNUM, BignumDeleter>;

struct KeyMaterial {
  Algorithm algorithm = Algorithm::kHS256;
  // Unique for the life of the process: the per-thread MAC context cache keys on it, so a key
  // freed and another allocated at the same address never share a context.
  std::uint64_t id = 0;
  std::string secret;                           // HMAC only
  std::unique_ptr<EVP_PKEY, PkeyDeleter> pkey;  // asymmetric only
  bool is_private = false;
  std::size_t signature_size = 0;
  // ES*: the curve order n, read once at load time for the 0 < r, s < n check of every verify
  // (building an EC_GROUP per verification cost ~15% of an ES256 verify).
  OwnedBignum ec_order;
};

// The digest an algorithm signs with (SHA-256/384/512; null for EdDSA, which hashes itself).
const EVP_MD* digest_for(Algorithm algorithm) noexcept;
// The digest name for EVP_MAC ("SHA256", …).
const char* digest_name_for(Algorithm algorithm) noexcept;

}  // namespace restjwt::detail
