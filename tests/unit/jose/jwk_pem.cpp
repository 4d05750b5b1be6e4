#include "unit/jose/jwk_pem.hpp"

#include <array>
#include <deque>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include "restjwt/base64url.hpp"

namespace restjwt::test {
namespace {

struct Free {
  void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const noexcept { EVP_PKEY_CTX_free(p); }
  void operator()(OSSL_PARAM_BLD* p) const noexcept { OSSL_PARAM_BLD_free(p); }
  void operator()(OSSL_PARAM* p) const noexcept { OSSL_PARAM_free(p); }
  void operator()(BIGNUM* p) const noexcept { BN_free(p); }
  void operator()(BIO* p) const noexcept { BIO_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

std::optional<std::string> member(const nlohmann::json& jwk, const char* name) {
  const auto it = jwk.find(name);
  if (it == jwk.end() || !it->is_string()) {
    return std::nullopt;
  }
  return base64url_decode(it->get<std::string>());
}

// Collects BIGNUMs and strings for an OSSL_PARAM_BLD, which only borrows them.
class Params {
 public:
  Params() : bld_(OSSL_PARAM_BLD_new()) {}
  bool add_bn(const char* key, const std::string& bytes) {
    auto& bn = numbers_.emplace_back(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                                               static_cast<int>(bytes.size()), nullptr));
    return bn && OSSL_PARAM_BLD_push_BN(bld_.get(), key, bn.get()) == 1;
  }
  bool add_text(const char* key, const char* text) {
    return OSSL_PARAM_BLD_push_utf8_string(bld_.get(), key, text, 0) == 1;
  }
  bool add_octets(const char* key, std::string bytes) {
    const auto& kept = octets_.emplace_back(std::move(bytes));
    return OSSL_PARAM_BLD_push_octet_string(bld_.get(), key, kept.data(), kept.size()) == 1;
  }
  Owned<EVP_PKEY> build(const char* type, int selection) {
    Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(bld_.get()));
    Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &key, selection, params.get()) != 1) {
      return nullptr;
    }
    return Owned<EVP_PKEY>(key);
  }

 private:
  Owned<OSSL_PARAM_BLD> bld_;
  std::vector<Owned<BIGNUM>> numbers_;
  std::deque<std::string> octets_;  // the builder borrows octet strings until to_param
};

Owned<EVP_PKEY> rsa_key(const nlohmann::json& jwk, bool with_private) {
  Params params;
  const auto n = member(jwk, "n");
  const auto e = member(jwk, "e");
  if (!n || !e || !params.add_bn(OSSL_PKEY_PARAM_RSA_N, *n) ||
      !params.add_bn(OSSL_PKEY_PARAM_RSA_E, *e)) {
    return nullptr;
  }
  if (with_private) {
    constexpr std::array<std::pair<const char*, const char*>, 6> kPrivate{{
        {"d", OSSL_PKEY_PARAM_RSA_D},
        {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
        {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},
        {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
        {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2},
        {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1},
    }};
    for (const auto& [name, param] : kPrivate) {
      const auto value = member(jwk, name);
      if (!value || !params.add_bn(param, *value)) {
        return nullptr;
      }
    }
  }
  return params.build("RSA", with_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY);
}

const char* openssl_curve(std::string_view crv) {
  if (crv == "P-256") return "prime256v1";
  if (crv == "P-384") return "secp384r1";
  if (crv == "P-521") return "secp521r1";
  return nullptr;
}

Owned<EVP_PKEY> ec_key(const nlohmann::json& jwk, bool with_private) {
  const char* curve = openssl_curve(jwk.value("crv", ""));
  const auto x = member(jwk, "x");
  const auto y = member(jwk, "y");
  Params params;
  if (curve == nullptr || !x || !y || !params.add_text(OSSL_PKEY_PARAM_GROUP_NAME, curve) ||
      !params.add_octets(OSSL_PKEY_PARAM_PUB_KEY, "\x04" + *x + *y)) {
    return nullptr;
  }
  if (with_private) {
    const auto d = member(jwk, "d");
    if (!d || !params.add_bn(OSSL_PKEY_PARAM_PRIV_KEY, *d)) {
      return nullptr;
    }
  }
  return params.build("EC", with_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY);
}

Owned<EVP_PKEY> okp_key(const nlohmann::json& jwk, bool with_private) {
  if (jwk.value("crv", "") != "Ed25519") {
    return nullptr;
  }
  const auto raw = member(jwk, with_private ? "d" : "x");
  if (!raw) {
    return nullptr;
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw->data());
  return Owned<EVP_PKEY>(
      with_private ? EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes, raw->size())
                   : EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes, raw->size()));
}

}  // namespace

std::optional<std::string> jwk_to_pem(const nlohmann::json& jwk, JwkPart part) {
  const bool with_private = part == JwkPart::kPrivate;
  const std::string kty = jwk.value("kty", "");
  Owned<EVP_PKEY> key;
  if (kty == "RSA") {
    key = rsa_key(jwk, with_private);
  } else if (kty == "EC") {
    key = ec_key(jwk, with_private);
  } else if (kty == "OKP") {
    key = okp_key(jwk, with_private);
  }
  if (!key) {
    return std::nullopt;
  }
  Owned<BIO> bio(BIO_new(BIO_s_mem()));
  const int written = with_private ? PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr,
                                                              nullptr, 0, nullptr, nullptr)
                                   : PEM_write_bio_PUBKEY(bio.get(), key.get());
  if (written != 1) {
    return std::nullopt;
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace restjwt::test
