// JWK export, RFC 7638 thumbprints, JWK import and key generation over OpenSSL 3.
#include "restjwt/jwk.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "jose/key_material.hpp"
#include "restjwt/base64url.hpp"

namespace restjwt {
namespace {

using detail::OwnedBignum;

struct BioDeleter {
  void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};
struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* ctx) const noexcept { EVP_PKEY_CTX_free(ctx); }
};
struct ParamBuildDeleter {
  void operator()(OSSL_PARAM_BLD* bld) const noexcept { OSSL_PARAM_BLD_free(bld); }
};
struct ParamsDeleter {
  void operator()(OSSL_PARAM* params) const noexcept { OSSL_PARAM_free(params); }
};
using OwnedPkey = std::unique_ptr<EVP_PKEY, detail::PkeyDeleter>;

bool is_rsa(Algorithm a) {
  return a == Algorithm::kRS256 || a == Algorithm::kRS384 || a == Algorithm::kRS512 ||
         a == Algorithm::kPS256 || a == Algorithm::kPS384 || a == Algorithm::kPS512;
}

// The JWK "crv" of an ES algorithm, and OpenSSL's name of that curve.
std::string_view jwk_curve(Algorithm a) {
  switch (a) {
    case Algorithm::kES256:
      return "P-256";
    case Algorithm::kES384:
      return "P-384";
    case Algorithm::kES512:
      return "P-521";
    default:
      return "";
  }
}

std::string bytes_of(const BIGNUM* n, std::size_t width) {
  std::string out(width == 0 ? static_cast<std::size_t>(BN_num_bytes(n)) : width, '\0');
  BN_bn2binpad(n, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
  return out;
}

std::string bn_param(const EVP_PKEY* key, const char* name, std::size_t width) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) return {};
  const OwnedBignum n(raw);
  return base64url_encode(bytes_of(n.get(), width));
}

// The required members of the key's JWK (RFC 7638 §3.2), in lexicographic order; "" on failure.
struct JwkMembers {
  std::string kty;
  std::vector<std::pair<std::string, std::string>> members;  // sorted by name, kty excluded
};

JwkMembers members_of(const Key& key) {
  const auto& material = key.material();
  const Algorithm a = material.algorithm;
  if (is_hmac(a)) return {"oct", {{"k", base64url_encode(material.secret)}}};
  const EVP_PKEY* pkey = material.pkey.get();
  if (is_rsa(a)) {
    return {"RSA",
            {{"e", bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, 0)},
             {"n", bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, 0)}}};
  }
  if (a == Algorithm::kEdDSA) {
    std::array<unsigned char, 32> raw{};
    std::size_t len = raw.size();
    EVP_PKEY_get_raw_public_key(pkey, raw.data(), &len);
    return {"OKP",
            {{"crv", "Ed25519"},
             {"x", base64url_encode({reinterpret_cast<const char*>(raw.data()), len})}}};
  }
  const auto width = static_cast<std::size_t>((EVP_PKEY_get_bits(pkey) + 7) / 8);
  return {"EC",
          {{"crv", std::string(jwk_curve(a))},
           {"x", bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_X, width)},
           {"y", bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, width)}}};
}

std::string sha256(std::string_view text) {
  std::array<unsigned char, 32> digest{};
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), digest.data(), &len, EVP_sha256(), nullptr);
  return {reinterpret_cast<const char*>(digest.data()), len};
}

std::string pem_of_public(EVP_PKEY* key) {
  const std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1) return {};
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return {data, static_cast<std::size_t>(len)};
}

// A string member of the JWK decoded from strict base64url; nullopt when absent or not that.
std::optional<std::string> b64_member(const nlohmann::json& jwk, const char* name) {
  const auto it = jwk.find(name);
  if (it == jwk.end() || !it->is_string()) return std::nullopt;
  return base64url_decode(it->get_ref<const std::string&>());
}

OwnedBignum bignum_of(const std::string& bytes) {
  return OwnedBignum(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                               static_cast<int>(bytes.size()), nullptr));
}

// An EVP_PKEY of `type` from OSSL_PARAMs, as a public key; null when OpenSSL refuses them.
OwnedPkey public_key_from(const char* type, OSSL_PARAM_BLD* bld) {
  const std::unique_ptr<OSSL_PARAM, ParamsDeleter> params(OSSL_PARAM_BLD_to_param(bld));
  const std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return nullptr;
  }
  return OwnedPkey(key);
}

Expected<OwnedPkey, std::string> rsa_from_jwk(const nlohmann::json& jwk) {
  const auto n = b64_member(jwk, "n");
  const auto e = b64_member(jwk, "e");
  if (!n || !e || n->empty() || e->empty()) {
    return unexpected(std::string(R"(an RSA key needs "n" and "e" in base64url)"));
  }
  const OwnedBignum bn_n = bignum_of(*n);
  const OwnedBignum bn_e = bignum_of(*e);
  const std::unique_ptr<OSSL_PARAM_BLD, ParamBuildDeleter> bld(OSSL_PARAM_BLD_new());
  if (!bld || !bn_n || !bn_e ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    return unexpected(std::string("cannot build the RSA key"));
  }
  auto key = public_key_from("RSA", bld.get());
  if (!key) return unexpected(std::string("not a usable RSA public key"));
  return key;
}

Expected<OwnedPkey, std::string> ec_from_jwk(const nlohmann::json& jwk, Algorithm algorithm) {
  const auto crv = jwk.find("crv");
  if (crv == jwk.end() || !crv->is_string() || *crv != jwk_curve(algorithm)) {
    return unexpected(std::string(to_string(algorithm)) + R"( needs "crv": ")" +
                      std::string(jwk_curve(algorithm)) + "\"");
  }
  const auto x = b64_member(jwk, "x");
  const auto y = b64_member(jwk, "y");
  const std::size_t width = algorithm == Algorithm::kES256   ? 32
                            : algorithm == Algorithm::kES384 ? 48
                                                             : 66;
  if (!x || !y || x->size() != width || y->size() != width) {
    return unexpected(R"(an EC key needs "x" and "y" of )" + std::to_string(width) + " bytes");
  }
  const std::string point = "\x04" + *x + *y;  // SEC 1 uncompressed
  const std::string group = algorithm == Algorithm::kES256   ? "prime256v1"
                            : algorithm == Algorithm::kES384 ? "secp384r1"
                                                             : "secp521r1";
  const std::unique_ptr<OSSL_PARAM_BLD, ParamBuildDeleter> bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group.c_str(), 0) !=
          1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return unexpected(std::string("cannot build the EC key"));
  }
  auto key = public_key_from("EC", bld.get());
  // fromdata takes any bytes; a point off the curve is refused here (invalid-curve attacks).
  const std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> check(
      key ? EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr) : nullptr);
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    return unexpected(std::string("the EC point is not on the curve"));
  }
  return key;
}

Expected<OwnedPkey, std::string> okp_from_jwk(const nlohmann::json& jwk) {
  const auto crv = jwk.find("crv");
  const auto x = b64_member(jwk, "x");
  if (crv == jwk.end() || *crv != "Ed25519" || !x || x->size() != 32) {
    return unexpected(std::string(R"(EdDSA needs "crv": "Ed25519" and a 32-byte "x")"));
  }
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(x->data()), x->size());
  if (key == nullptr) return unexpected(std::string("not a usable Ed25519 key"));
  return OwnedPkey(key);
}

std::string_view kty_for(Algorithm a) {
  if (is_hmac(a)) return "oct";
  if (is_rsa(a)) return "RSA";
  if (a == Algorithm::kEdDSA) return "OKP";
  return "EC";
}

}  // namespace

std::optional<std::string> public_jwk(const Key& key, std::string_view kid) {
  if (is_hmac(key.algorithm())) return std::nullopt;
  const JwkMembers jwk = members_of(key);
  nlohmann::ordered_json out;
  out["kty"] = jwk.kty;
  out["use"] = "sig";
  out["alg"] = std::string(to_string(key.algorithm()));
  out["kid"] = std::string(kid);
  for (const auto& [name, value] : jwk.members) out[name] = value;
  return out.dump();
}

std::string jwk_thumbprint(const Key& key) {
  const JwkMembers jwk = members_of(key);
  // Every value is base64url or a curve name: no character needs escaping.
  std::vector<std::pair<std::string, std::string>> all = jwk.members;
  all.emplace_back("kty", jwk.kty);
  std::sort(all.begin(), all.end());
  std::string text = "{";
  for (const auto& [name, value] : all) {
    if (text.size() > 1) text += ',';
    text.append(1, '"').append(name).append(R"(":")").append(value).append(1, '"');
  }
  text += '}';
  return base64url_encode(sha256(text));
}

Expected<Key, std::string> key_from_jwk(const nlohmann::json& jwk, Algorithm algorithm) {
  if (!jwk.is_object()) return unexpected(std::string("a JWK is a JSON object"));
  const auto kty = jwk.find("kty");
  if (kty == jwk.end() || !kty->is_string()) return unexpected(std::string("no \"kty\""));
  if (*kty != kty_for(algorithm) || is_hmac(algorithm)) {
    return unexpected("\"kty\": " + kty->dump() + " does not fit " +
                      std::string(to_string(algorithm)));
  }
  if (const auto alg = jwk.find("alg"); alg != jwk.end() && *alg != to_string(algorithm)) {
    return unexpected("\"alg\": " + alg->dump() + " is not " + std::string(to_string(algorithm)));
  }
  if (const auto use = jwk.find("use"); use != jwk.end() && *use != "sig") {
    return unexpected("\"use\": " + use->dump() + " is not \"sig\"");
  }
  if (jwk.contains("d")) return unexpected(std::string("a private key in a public key set"));
  auto pkey = is_rsa(algorithm)                ? rsa_from_jwk(jwk)
              : algorithm == Algorithm::kEdDSA ? okp_from_jwk(jwk)
                                               : ec_from_jwk(jwk, algorithm);
  ERR_clear_error();
  if (!pkey) return unexpected(std::move(pkey).error());
  // Through PEM, so that one place (Key::from_pem) decides what fits an algorithm.
  return Key::from_pem(algorithm, pem_of_public(pkey->get()));
}

Expected<std::string, std::string> generate_key_text(Algorithm algorithm) {
  if (is_hmac(algorithm)) {
    std::array<unsigned char, 64> secret{};
    if (RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1) {
      return unexpected(std::string("no random bytes from OpenSSL"));
    }
    return base64url_encode({reinterpret_cast<const char*>(secret.data()), secret.size()});
  }
  EVP_PKEY* raw = nullptr;
  if (is_rsa(algorithm)) {
    raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048});
  } else if (algorithm == Algorithm::kEdDSA) {
    raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  } else {
    raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", std::string(jwk_curve(algorithm)).c_str());
  }
  const OwnedPkey key(raw);
  const std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
  if (!key || !bio ||
      PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    ERR_clear_error();
    return unexpected("cannot generate a " + std::string(to_string(algorithm)) + " key");
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

std::string public_key_pem(const Key& key) {
  if (is_hmac(key.algorithm())) return {};
  return pem_of_public(key.material().pkey.get());
}

Expected<Key, std::string> key_from_text(Algorithm algorithm, std::string_view text) {
  if (is_hmac(algorithm)) return Key::hmac_secret(algorithm, text);
  return Key::from_pem(algorithm, text);
}

}  // namespace restjwt
