#include "jose/key_seal.hpp"

#include <algorithm>
#include <array>
#include <memory>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "restjwt/base64url.hpp"

namespace restjwt::detail {
namespace {

constexpr std::string_view kPrefix = "sealed:v1:";
constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;
using AesKey = std::array<unsigned char, 32>;

struct KdfDeleter {
  void operator()(EVP_KDF* kdf) const noexcept { EVP_KDF_free(kdf); }
};
struct KdfCtxDeleter {
  void operator()(EVP_KDF_CTX* ctx) const noexcept { EVP_KDF_CTX_free(ctx); }
};
struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const noexcept { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

// HKDF-SHA256(KEK text): any text of kMinKekBytes or more becomes a uniform AES-256 key, and the
// label keeps this key apart from any other use of the same KEK.
Expected<AesKey, std::string> derive(std::string_view kek) {
  if (kek.size() < kMinKekBytes) {
    return unexpected("the key-encryption key must be at least " + std::to_string(kMinKekBytes) +
                      " bytes, got " + std::to_string(kek.size()));
  }
  const std::unique_ptr<EVP_KDF, KdfDeleter> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  const std::unique_ptr<EVP_KDF_CTX, KdfCtxDeleter> ctx(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr);
  std::string digest = "SHA256";
  std::string info = "restjwt key ring: AES-256-GCM sealing of key secrets";
  std::string ikm(kek);
  const std::array<OSSL_PARAM, 4> params{
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest.data(), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, ikm.data(), ikm.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info.data(), info.size()),
      OSSL_PARAM_construct_end()};
  AesKey key{};
  if (!ctx || EVP_KDF_derive(ctx.get(), key.data(), key.size(), params.data()) != 1) {
    ERR_clear_error();
    return unexpected(std::string("HKDF-SHA256 failed"));
  }
  return key;
}

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// Runs AES-256-GCM one way; `tag` is written when sealing and checked when opening.
bool run_gcm(bool seal, const AesKey& key, std::string_view nonce, std::string_view aad,
             std::string_view in, std::string& out, unsigned char* tag) {
  const CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  out.assign(in.size(), '\0');
  auto* data = reinterpret_cast<unsigned char*>(out.data());
  const auto init = seal ? EVP_EncryptInit_ex : EVP_DecryptInit_ex;
  const auto update = seal ? EVP_EncryptUpdate : EVP_DecryptUpdate;
  if (!ctx || init(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), bytes(nonce)) != 1 ||
      update(ctx.get(), nullptr, &len, bytes(aad), static_cast<int>(aad.size())) != 1 ||
      update(ctx.get(), data, &len, bytes(in), static_cast<int>(in.size())) != 1) {
    return false;
  }
  if (!seal &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes), tag) != 1) {
    return false;
  }
  int final_len = 0;
  const bool ok = seal ? EVP_EncryptFinal_ex(ctx.get(), data + len, &final_len) == 1 &&
                             EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG,
                                                 static_cast<int>(kTagBytes), tag) == 1
                       : EVP_DecryptFinal_ex(ctx.get(), data + len, &final_len) == 1;
  return ok;
}

}  // namespace

bool is_sealed(std::string_view stored) noexcept { return stored.starts_with(kPrefix); }

Expected<std::string, std::string> seal_secret(std::string_view kek, std::string_view kid,
                                               std::string_view secret) {
  auto key = derive(kek);
  if (!key) return unexpected(std::move(key).error());
  std::string nonce(kNonceBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(nonce.data()), kNonceBytes) != 1) {
    return unexpected(std::string("no random bytes from OpenSSL"));
  }
  std::string ciphertext;
  std::array<unsigned char, kTagBytes> tag{};
  if (!run_gcm(true, *key, nonce, kid, secret, ciphertext, tag.data())) {
    ERR_clear_error();
    return unexpected(std::string("AES-256-GCM failed"));
  }
  return std::string(kPrefix) +
         base64url_encode(nonce + ciphertext +
                          std::string(reinterpret_cast<const char*>(tag.data()), tag.size()));
}

Expected<std::string, std::string> open_secret(std::string_view kek, std::string_view kid,
                                               std::string_view stored) {
  if (!is_sealed(stored)) return std::string(stored);
  if (kek.empty()) {
    return unexpected(
        std::string("sealed with a key-encryption key, and none is set "
                    "(RESTJWT_KEYS__KEK)"));
  }
  auto key = derive(kek);
  if (!key) return unexpected(std::move(key).error());
  const auto raw = base64url_decode(stored.substr(kPrefix.size()));
  if (!raw || raw->size() < kNonceBytes + kTagBytes) {
    return unexpected(std::string("the sealed secret is damaged"));
  }
  const std::string_view all(*raw);
  const std::string_view nonce = all.substr(0, kNonceBytes);
  const std::string_view ciphertext = all.substr(kNonceBytes, all.size() - kNonceBytes - kTagBytes);
  std::array<unsigned char, kTagBytes> tag{};
  std::copy_n(all.end() - kTagBytes, kTagBytes, tag.begin());
  std::string secret;
  if (!run_gcm(false, *key, nonce, kid, ciphertext, secret, tag.data())) {
    ERR_clear_error();
    return unexpected(
        std::string("the key-encryption key does not open it (another KEK, or altered)"));
  }
  return secret;
}

}  // namespace restjwt::detail
