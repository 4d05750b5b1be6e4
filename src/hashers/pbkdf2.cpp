// OpenSSL 3 deprecates the low-level SHA*_Init/Update/Final/Transform functions in favour of EVP,
// but EVP offers no access to the compression function, which is what makes PBKDF2 cheap (one
// EVP_MAC round-trip per iteration costs several times more). The functions are still exported
// and still dispatch to the SHA-NI/AVX2 assembly, so this one file opts out of the warning.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "hashers/pbkdf2.hpp"

#include <array>
#include <bit>
#include <cstring>

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace restjwt::detail {
namespace {

constexpr std::size_t kBlockBytes = 64;

// One 32-bit store, not four byte stores: SHA256_Transform reads the block with wide loads, and
// a wide load over several narrow stores cannot be forwarded from the store buffer (the CPU waits
// for the stores to retire, ~50 ns per iteration at -O2 where GCC keeps the byte stores).
void store_be32(unsigned char* out, std::uint32_t value) noexcept {
  const std::uint32_t big_endian =
      std::endian::native == std::endian::little ? __builtin_bswap32(value) : value;
  std::memcpy(out, &big_endian, sizeof big_endian);
}

struct Sha256 {
  using Ctx = SHA256_CTX;
  static constexpr std::size_t kWords = 8;
  static void init(Ctx* c) noexcept { SHA256_Init(c); }
  static void update(Ctx* c, const void* data, std::size_t n) noexcept {
    SHA256_Update(c, data, n);
  }
  static void final(unsigned char* md, Ctx* c) noexcept { SHA256_Final(md, c); }
  static void transform(Ctx* c, const unsigned char* block) noexcept { SHA256_Transform(c, block); }
  static std::uint32_t word(const Ctx& c, std::size_t i) noexcept { return c.h[i]; }
  static void set_state(Ctx* c, const std::array<std::uint32_t, kWords>& h) noexcept {
    std::memcpy(c->h, h.data(), sizeof(c->h));
  }
};

struct Sha1 {
  using Ctx = SHA_CTX;
  static constexpr std::size_t kWords = 5;
  static void init(Ctx* c) noexcept { SHA1_Init(c); }
  static void update(Ctx* c, const void* data, std::size_t n) noexcept { SHA1_Update(c, data, n); }
  static void final(unsigned char* md, Ctx* c) noexcept { SHA1_Final(md, c); }
  static void transform(Ctx* c, const unsigned char* block) noexcept { SHA1_Transform(c, block); }
  static std::uint32_t word(const Ctx& c, std::size_t i) noexcept {
    const std::array<std::uint32_t, kWords> h{c.h0, c.h1, c.h2, c.h3, c.h4};
    return h[i];
  }
  static void set_state(Ctx* c, const std::array<std::uint32_t, kWords>& h) noexcept {
    c->h0 = h[0], c->h1 = h[1], c->h2 = h[2], c->h3 = h[3], c->h4 = h[4];
  }
};

template <typename H>
std::array<std::uint32_t, H::kWords> state_after_key_block(const unsigned char* key,
                                                           unsigned char pad) noexcept {
  std::array<unsigned char, kBlockBytes> block{};
  for (std::size_t i = 0; i < kBlockBytes; ++i) block[i] = static_cast<unsigned char>(key[i] ^ pad);
  typename H::Ctx ctx;
  H::init(&ctx);
  H::update(&ctx, block.data(), block.size());
  std::array<std::uint32_t, H::kWords> state{};
  for (std::size_t i = 0; i < H::kWords; ++i) state[i] = H::word(ctx, i);
  OPENSSL_cleanse(block.data(), block.size());
  return state;
}

template <typename H>
void pbkdf2(std::string_view password, std::string_view salt, std::uint64_t iterations,
            std::span<unsigned char> out) noexcept {
  constexpr std::size_t kDigestBytes = H::kWords * 4;
  // HMAC key: the password, or its digest when longer than a block (RFC 2104).
  std::array<unsigned char, kBlockBytes> key{};
  if (password.size() > kBlockBytes) {
    typename H::Ctx ctx;
    H::init(&ctx);
    H::update(&ctx, password.data(), password.size());
    H::final(key.data(), &ctx);
  } else if (!password.empty()) {
    std::memcpy(key.data(), password.data(), password.size());
  }
  const auto inner = state_after_key_block<H>(key.data(), 0x36);
  const auto outer = state_after_key_block<H>(key.data(), 0x5c);
  OPENSSL_cleanse(key.data(), key.size());

  // Iterations 2..c hash a digest-sized message after the key block: one block whose padding
  // (0x80, zeros, bit length of key block + digest) never changes.
  std::array<unsigned char, kBlockBytes> block{};
  block[kDigestBytes] = 0x80;
  store_be32(&block[kBlockBytes - 4], static_cast<std::uint32_t>((kBlockBytes + kDigestBytes) * 8));

  typename H::Ctx ctx;
  std::array<std::uint32_t, H::kWords> accumulated{};
  for (std::uint32_t index = 1; !out.empty(); ++index) {
    // U1 = PRF(password, salt || INT(index)), through the general (buffering) path.
    unsigned char counter[4];
    store_be32(counter, index);
    H::init(&ctx);
    H::set_state(&ctx, inner);
    ctx.Nl = kBlockBytes * 8;  // the key block is already absorbed
    H::update(&ctx, salt.data(), salt.size());
    H::update(&ctx, counter, sizeof counter);
    H::final(block.data(), &ctx);
    H::set_state(&ctx, outer);
    H::transform(&ctx, block.data());
    for (std::size_t i = 0; i < H::kWords; ++i) {
      accumulated[i] = H::word(ctx, i);
      store_be32(&block[4 * i], accumulated[i]);
    }
    // U2..Uc: the outer digest lands in the block where the next inner hash reads it.
    for (std::uint64_t round = 1; round < iterations; ++round) {
      H::set_state(&ctx, inner);
      H::transform(&ctx, block.data());
      for (std::size_t i = 0; i < H::kWords; ++i) store_be32(&block[4 * i], H::word(ctx, i));
      H::set_state(&ctx, outer);
      H::transform(&ctx, block.data());
      for (std::size_t i = 0; i < H::kWords; ++i) {
        const std::uint32_t w = H::word(ctx, i);
        accumulated[i] ^= w;
        store_be32(&block[4 * i], w);
      }
    }
    std::array<unsigned char, kDigestBytes> t{};
    for (std::size_t i = 0; i < H::kWords; ++i) store_be32(&t[4 * i], accumulated[i]);
    const std::size_t n = out.size() < kDigestBytes ? out.size() : kDigestBytes;
    std::memcpy(out.data(), t.data(), n);
    out = out.subspan(n);
    OPENSSL_cleanse(t.data(), t.size());
  }
  OPENSSL_cleanse(block.data(), block.size());
  OPENSSL_cleanse(&ctx, sizeof ctx);
}

}  // namespace

std::size_t pbkdf2_digest_size(Pbkdf2Digest digest) noexcept {
  switch (digest) {
    case Pbkdf2Digest::kSha1:
      return SHA_DIGEST_LENGTH;
    case Pbkdf2Digest::kSha256:
      return SHA256_DIGEST_LENGTH;
  }
  return 0;
}

void pbkdf2_hmac(Pbkdf2Digest digest, std::string_view password, std::string_view salt,
                 std::uint64_t iterations, std::span<unsigned char> out) noexcept {
  switch (digest) {
    case Pbkdf2Digest::kSha1:
      pbkdf2<Sha1>(password, salt, iterations, out);
      return;
    case Pbkdf2Digest::kSha256:
      pbkdf2<Sha256>(password, salt, iterations, out);
      return;
  }
}

}  // namespace restjwt::detail
