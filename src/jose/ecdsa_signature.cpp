#include "jose/ecdsa_signature.hpp"

#include <memory>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

namespace restjwt::detail {
namespace {

struct SigDeleter {
  void operator()(ECDSA_SIG* sig) const noexcept { ECDSA_SIG_free(sig); }
};
struct GroupDeleter {
  void operator()(EC_GROUP* group) const noexcept { EC_GROUP_free(group); }
};

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

OwnedBignum curve_order(EVP_PKEY* key) {
  char name[64] = {};
  std::size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof(name), &len) !=
      1) {
    return nullptr;
  }
  std::unique_ptr<EC_GROUP, GroupDeleter> group(EC_GROUP_new_by_curve_name(OBJ_sn2nid(name)));
  if (!group) {
    return nullptr;
  }
  return OwnedBignum(BN_dup(EC_GROUP_get0_order(group.get())));
}

Expected<std::string> der_to_jose(std::string_view der, std::size_t jose_size) {
  const unsigned char* p = bytes(der);
  std::unique_ptr<ECDSA_SIG, SigDeleter> sig(
      d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) {
    return unexpected(ErrorCode::kInternal);
  }
  const int half = static_cast<int>(jose_size / 2);
  std::string out(jose_size, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), o, half) != half ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), o + half, half) != half) {
    return unexpected(ErrorCode::kInternal);
  }
  return out;
}

Expected<std::string> jose_to_der(std::string_view jose, const BIGNUM* order) {
  const int half = static_cast<int>(jose.size() / 2);
  OwnedBignum r(BN_bin2bn(bytes(jose), half, nullptr));
  OwnedBignum s(BN_bin2bn(bytes(jose) + half, half, nullptr));
  if (!r || !s || order == nullptr) {
    return unexpected(ErrorCode::kInternal);
  }
  // r, s in [1, n-1]: r = s = 0 ("psychic signatures") and values ≥ n never verify.
  if (BN_is_zero(r.get()) || BN_is_zero(s.get()) || BN_cmp(r.get(), order) >= 0 ||
      BN_cmp(s.get(), order) >= 0) {
    return unexpected(ErrorCode::kSignatureInvalid);
  }
  std::unique_ptr<ECDSA_SIG, SigDeleter> sig(ECDSA_SIG_new());
  if (!sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) {
    return unexpected(ErrorCode::kInternal);
  }
  (void)r.release();  // owned by sig now
  (void)s.release();
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) {
    return unexpected(ErrorCode::kInternal);
  }
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

}  // namespace restjwt::detail
