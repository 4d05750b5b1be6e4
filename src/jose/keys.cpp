#include "restjwt/keys.hpp"

#include <array>
#include <atomic>
#include <utility>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "jose/ecdsa_signature.hpp"
#include "jose/key_material.hpp"

namespace restjwt {
namespace {

struct NamedAlgorithm {
  std::string_view name;
  Algorithm algorithm;
};

constexpr std::array<NamedAlgorithm, 13> kAlgorithms{{
    {"HS256", Algorithm::kHS256},
    {"HS384", Algorithm::kHS384},
    {"HS512", Algorithm::kHS512},
    {"RS256", Algorithm::kRS256},
    {"RS384", Algorithm::kRS384},
    {"RS512", Algorithm::kRS512},
    {"PS256", Algorithm::kPS256},
    {"PS384", Algorithm::kPS384},
    {"PS512", Algorithm::kPS512},
    {"ES256", Algorithm::kES256},
    {"ES384", Algorithm::kES384},
    {"ES512", Algorithm::kES512},
    {"EdDSA", Algorithm::kEdDSA},
}};

std::uint64_t next_key_id() {
  static std::atomic<std::uint64_t> counter{0};  // process-wide identity, not configuration
  return ++counter;
}

bool looks_like_public_key_text(std::string_view secret) {
  for (const std::string_view marker :
       {"-----BEGIN PUBLIC KEY-----", "-----BEGIN CERTIFICATE-----",
        "-----BEGIN RSA PUBLIC KEY-----", "ssh-rsa", "ssh-ed25519", "ecdsa-sha2-"}) {
    if (secret.find(marker) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// Any other PEM block (a private key, parameters): a key file given where a secret belongs is a
// configuration mistake, never a secret anyone meant.
bool looks_like_pem_text(std::string_view secret) {
  return secret.find("-----BEGIN ") != std::string_view::npos;
}

struct BioDeleter {
  void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};
struct X509Deleter {
  void operator()(X509* cert) const noexcept { X509_free(cert); }
};

// Reads a private key, else a public key, else a certificate's public key.
std::pair<EVP_PKEY*, bool> read_pem(std::string_view pem) {
  const auto bio_for = [&] {
    return std::unique_ptr<BIO, BioDeleter>(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  };
  if (auto bio = bio_for();
      EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)) {
    return {key, true};
  }
  if (auto bio = bio_for();
      EVP_PKEY* key = PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr)) {
    return {key, false};
  }
  {
    // PKCS#1 "RSA PUBLIC KEY", which PEM_read_bio_PUBKEY does not read.
    EVP_PKEY* key = nullptr;
    OSSL_DECODER_CTX* decoder = OSSL_DECODER_CTX_new_for_pkey(
        &key, "PEM", nullptr, "RSA", EVP_PKEY_PUBLIC_KEY, nullptr, nullptr);
    const auto* data = reinterpret_cast<const unsigned char*>(pem.data());
    std::size_t left = pem.size();
    const bool ok = decoder != nullptr && OSSL_DECODER_from_data(decoder, &data, &left) == 1;
    OSSL_DECODER_CTX_free(decoder);
    if (ok && key != nullptr) {
      return {key, false};
    }
    EVP_PKEY_free(key);
  }
  if (auto bio = bio_for(); auto* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    std::unique_ptr<X509, X509Deleter> owned(cert);
    return {X509_get_pubkey(owned.get()), false};
  }
  return {nullptr, false};
}

std::string_view curve_for(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kES256:
      return "prime256v1";
    case Algorithm::kES384:
      return "secp384r1";
    case Algorithm::kES512:
      return "secp521r1";
    default:
      return "";
  }
}

// Checks that `key` fits `algorithm`; returns the signature size or an error message.
Expected<std::size_t, std::string> check_fit(Algorithm algorithm, EVP_PKEY* key) {
  const std::string alg(to_string(algorithm));
  switch (algorithm) {
    case Algorithm::kHS256:
    case Algorithm::kHS384:
    case Algorithm::kHS512:
      return unexpected(alg + " takes an HMAC secret, not a PEM key");
    case Algorithm::kRS256:
    case Algorithm::kRS384:
    case Algorithm::kRS512:
    case Algorithm::kPS256:
    case Algorithm::kPS384:
    case Algorithm::kPS512: {
      if (!EVP_PKEY_is_a(key, "RSA")) {
        return unexpected(alg + " needs an RSA key");
      }
      const int bits = EVP_PKEY_get_bits(key);
      if (bits < 2048) {
        return unexpected(alg + " needs an RSA key of at least 2048 bits, got " +
                          std::to_string(bits));
      }
      return static_cast<std::size_t>(EVP_PKEY_get_size(key));
    }
    case Algorithm::kES256:
    case Algorithm::kES384:
    case Algorithm::kES512: {
      if (!EVP_PKEY_is_a(key, "EC")) {
        return unexpected(alg + " needs an EC key");
      }
      std::array<char, 64> group{};
      std::size_t len = 0;
      if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group.data(),
                                         group.size(), &len) != 1 ||
          std::string_view(group.data(), len) != curve_for(algorithm)) {
        return unexpected(alg + " needs an EC key on curve " + std::string(curve_for(algorithm)) +
                          ", got " + std::string(group.data(), len));
      }
      const auto field_bytes = static_cast<std::size_t>((EVP_PKEY_get_bits(key) + 7) / 8);
      return 2 * field_bytes;
    }
    case Algorithm::kEdDSA:
      if (!EVP_PKEY_is_a(key, "ED25519")) {
        return unexpected(std::string("EdDSA needs an Ed25519 key"));
      }
      return std::size_t{64};
  }
  return unexpected(std::string("unknown algorithm"));
}

}  // namespace

std::optional<Algorithm> algorithm_from_name(std::string_view name) noexcept {
  for (const auto& entry : kAlgorithms) {
    if (entry.name == name) {
      return entry.algorithm;
    }
  }
  return std::nullopt;
}

std::string_view to_string(Algorithm algorithm) noexcept {
  for (const auto& entry : kAlgorithms) {
    if (entry.algorithm == algorithm) {
      return entry.name;
    }
  }
  return "?";
}

bool is_hmac(Algorithm algorithm) noexcept {
  return algorithm == Algorithm::kHS256 || algorithm == Algorithm::kHS384 ||
         algorithm == Algorithm::kHS512;
}

std::string_view algorithm_names() noexcept {
  return "HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, "
         "EdDSA";
}

Key::Key(std::shared_ptr<const detail::KeyMaterial> material) : material_(std::move(material)) {}

Expected<Key, std::string> Key::hmac_secret(Algorithm algorithm, std::string_view secret,
                                            std::size_t min_bytes) {
  if (!is_hmac(algorithm)) {
    return unexpected(std::string(to_string(algorithm)) + " takes a PEM key, not an HMAC secret");
  }
  if (secret.size() < min_bytes || secret.empty()) {
    return unexpected("the HMAC secret must be at least " +
                      std::to_string(std::max<std::size_t>(min_bytes, 1)) + " bytes, got " +
                      std::to_string(secret.size()));
  }
  if (looks_like_public_key_text(secret)) {
    return unexpected(std::string("a public key cannot be used as an HMAC secret"));
  }
  if (looks_like_pem_text(secret)) {
    return unexpected(
        std::string("a PEM key cannot be used as an HMAC secret (an RS/PS/ES/EdDSA key belongs in "
                    "JWT_PRIVATE_KEY with a matching JWT_ALGORITHM)"));
  }
  auto material = std::make_shared<detail::KeyMaterial>();
  material->algorithm = algorithm;
  material->id = next_key_id();
  material->secret = std::string(secret);
  material->is_private = true;
  material->signature_size =
      static_cast<std::size_t>(EVP_MD_get_size(detail::digest_for(algorithm)));
  return Key(std::move(material));
}

Expected<Key, std::string> Key::from_pem(Algorithm algorithm, std::string_view pem) {
  auto [raw, is_private] = read_pem(pem);
  // read_pem tries the formats in turn, and each miss leaves an entry on the thread's error queue.
  ERR_clear_error();
  std::unique_ptr<EVP_PKEY, detail::PkeyDeleter> key(raw);
  if (!key) {
    return unexpected(std::string("not a PEM public key, private key or certificate"));
  }
  auto size = check_fit(algorithm, key.get());
  if (!size) {
    return unexpected(std::move(size).error());
  }
  auto material = std::make_shared<detail::KeyMaterial>();
  if (EVP_PKEY_is_a(key.get(), "EC")) {
    material->ec_order = detail::curve_order(key.get());
    if (!material->ec_order) {
      return unexpected(std::string("cannot read the order of the key's curve"));
    }
  }
  material->algorithm = algorithm;
  material->id = next_key_id();
  material->pkey = std::move(key);
  material->is_private = is_private;
  material->signature_size = *size;
  return Key(std::move(material));
}

Algorithm Key::algorithm() const noexcept { return material_->algorithm; }
bool Key::can_sign() const noexcept { return material_->is_private; }
std::size_t Key::signature_size() const noexcept { return material_->signature_size; }

namespace detail {

const EVP_MD* digest_for(Algorithm algorithm) noexcept {
  switch (algorithm) {
    case Algorithm::kHS256:
    case Algorithm::kRS256:
    case Algorithm::kPS256:
    case Algorithm::kES256:
      return EVP_sha256();
    case Algorithm::kHS384:
    case Algorithm::kRS384:
    case Algorithm::kPS384:
    case Algorithm::kES384:
      return EVP_sha384();
    case Algorithm::kHS512:
    case Algorithm::kRS512:
    case Algorithm::kPS512:
    case Algorithm::kES512:
      return EVP_sha512();
    case Algorithm::kEdDSA:
      return nullptr;
  }
  return nullptr;
}

const char* digest_name_for(Algorithm algorithm) noexcept {
  switch (algorithm) {
    case Algorithm::kHS384:
      return "SHA384";
    case Algorithm::kHS512:
      return "SHA512";
    default:
      return "SHA256";
  }
}

}  // namespace detail
}  // namespace restjwt
