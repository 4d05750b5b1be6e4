#include "restjwt/jws.hpp"

#include <array>
#include <memory>
#include <vector>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "jose/ecdsa_signature.hpp"
#include "jose/hmac.hpp"
#include "jose/key_material.hpp"

namespace restjwt {
namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

bool is_pss(Algorithm a) {
  return a == Algorithm::kPS256 || a == Algorithm::kPS384 || a == Algorithm::kPS512;
}
bool is_ecdsa(Algorithm a) {
  return a == Algorithm::kES256 || a == Algorithm::kES384 || a == Algorithm::kES512;
}

// Sets up a digest-sign or digest-verify context with the padding the algorithm names.
// PS*: PSS with MGF1 over the same hash and a salt as long as the digest (RFC 7518 §3.5, PyJWT).
MdCtx start(const detail::KeyMaterial& key, bool signing) {
  MdCtx ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  const EVP_MD* md = detail::digest_for(key.algorithm);
  const int ok = signing ? EVP_DigestSignInit(ctx.get(), &pctx, md, nullptr, key.pkey.get())
                         : EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, key.pkey.get());
  if (ok != 1) {
    return nullptr;
  }
  if (is_pss(key.algorithm) &&
      (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
       EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
       EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) != 1)) {
    return nullptr;
  }
  return ctx;
}

Expected<std::string> sign_asymmetric(const detail::KeyMaterial& key, std::string_view input) {
  MdCtx ctx = start(key, /*signing=*/true);
  std::size_t len = 0;
  if (!ctx || EVP_DigestSign(ctx.get(), nullptr, &len, bytes(input), input.size()) != 1) {
    return unexpected(ErrorCode::kInternal);
  }
  std::string signature(len, '\0');
  auto* out = reinterpret_cast<unsigned char*>(signature.data());
  if (EVP_DigestSign(ctx.get(), out, &len, bytes(input), input.size()) != 1) {
    return unexpected(ErrorCode::kInternal);
  }
  signature.resize(len);
  if (is_ecdsa(key.algorithm)) {
    return detail::der_to_jose(signature, key.signature_size);
  }
  return signature;
}

Expected<void> verify_asymmetric(const detail::KeyMaterial& key, std::string_view input,
                                 std::string_view signature) {
  std::string der;
  if (is_ecdsa(key.algorithm)) {
    auto converted = detail::jose_to_der(signature, key.ec_order.get());
    if (!converted) {
      return unexpected(converted.error());
    }
    der = std::move(converted).value();
    signature = der;
  }
  MdCtx ctx = start(key, /*signing=*/false);
  if (!ctx || EVP_DigestVerify(ctx.get(), bytes(signature), signature.size(), bytes(input),
                               input.size()) != 1) {
    // A bad signature is ordinary traffic: leave nothing on this thread's OpenSSL error queue
    // for its next TLS or libpq call to mistake for its own failure.
    ERR_clear_error();
    return unexpected(ErrorCode::kSignatureInvalid);
  }
  return {};
}

}  // namespace

Expected<std::string> sign_jws(const Key& key, std::string_view signing_input) {
  const auto& material = key.material();
  if (!material.is_private) {
    return unexpected(ErrorCode::kInternal);
  }
  if (is_hmac(material.algorithm)) {
    std::array<std::uint8_t, EVP_MAX_MD_SIZE> mac{};
    const std::size_t len = detail::hmac(material, signing_input, mac);
    if (len == 0) {
      return unexpected(ErrorCode::kInternal);
    }
    return std::string(reinterpret_cast<const char*>(mac.data()), len);
  }
  auto signature = sign_asymmetric(material, signing_input);
  if (!signature) {
    ERR_clear_error();
  }
  return signature;
}

Expected<void> verify_jws(const Key& key, std::string_view signing_input,
                          std::string_view signature) {
  const auto& material = key.material();
  if (signature.size() != material.signature_size) {
    return unexpected(ErrorCode::kSignatureLengthInvalid);
  }
  if (is_hmac(material.algorithm)) {
    std::array<std::uint8_t, EVP_MAX_MD_SIZE> mac{};
    const std::size_t len = detail::hmac(material, signing_input, mac);
    if (len != signature.size() || CRYPTO_memcmp(mac.data(), signature.data(), len) != 0) {
      return unexpected(ErrorCode::kSignatureInvalid);
    }
    return {};
  }
  return verify_asymmetric(material, signing_input, signature);
}

}  // namespace restjwt
