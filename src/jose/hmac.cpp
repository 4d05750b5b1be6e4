#include "jose/hmac.hpp"

#include <array>
#include <memory>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

namespace restjwt::detail {
namespace {

struct MacDeleter {
  void operator()(EVP_MAC* mac) const noexcept { EVP_MAC_free(mac); }
};

EVP_MAC* hmac_algorithm() {
  // Fetched once per process; immutable after, as OpenSSL documents for fetched algorithms.
  static const std::unique_ptr<EVP_MAC, MacDeleter> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  return mac.get();
}

// A few keyed contexts per thread, so a server with one secret never re-keys, and per-user
// secrets simply rotate through the slots.
class ThreadMacCache {
 public:
  ThreadMacCache() = default;
  ThreadMacCache(const ThreadMacCache&) = delete;
  ThreadMacCache& operator=(const ThreadMacCache&) = delete;
  ~ThreadMacCache() {
    for (auto& slot : slots_) {
      EVP_MAC_CTX_free(slot.ctx);
    }
  }

  EVP_MAC_CTX* get(const KeyMaterial& key) {
    for (auto& slot : slots_) {
      if (slot.ctx != nullptr && slot.id == key.id) {
        return EVP_MAC_init(slot.ctx, nullptr, 0, nullptr) == 1 ? slot.ctx : nullptr;
      }
    }
    Slot& slot = slots_[next_++ % slots_.size()];
    EVP_MAC_CTX_free(slot.ctx);
    slot = Slot{};
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(hmac_algorithm());
    if (ctx == nullptr) {
      return nullptr;
    }
    std::array<OSSL_PARAM, 2> params{
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                         const_cast<char*>(digest_name_for(key.algorithm)), 0),
        OSSL_PARAM_construct_end()};
    if (EVP_MAC_init(ctx, reinterpret_cast<const unsigned char*>(key.secret.data()),
                     key.secret.size(), params.data()) != 1) {
      EVP_MAC_CTX_free(ctx);
      return nullptr;
    }
    slot = Slot{key.id, ctx};
    return ctx;
  }

 private:
  struct Slot {
    std::uint64_t id = 0;
    EVP_MAC_CTX* ctx = nullptr;
  };
  std::array<Slot, 4> slots_{};
  std::size_t next_ = 0;
};

}  // namespace

std::size_t hmac(const KeyMaterial& key, std::string_view message, std::span<std::uint8_t> out) {
  thread_local ThreadMacCache cache;
  EVP_MAC_CTX* ctx = cache.get(key);
  std::size_t written = 0;
  if (ctx == nullptr ||
      EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(message.data()), message.size()) !=
          1 ||
      EVP_MAC_final(ctx, out.data(), &written, out.size()) != 1) {
    return 0;
  }
  return written;
}

}  // namespace restjwt::detail
