// TokenRevocations: the revocation cache in front of a RevocationStore (docs/sessions.md).
#include "restjwt/token_revocations.hpp"

#include <cmath>
#include <functional>
#include <limits>
#include <mutex>
#include <vector>

#include <nlohmann/json.hpp>

#include "views/revocation_cache.hpp"

namespace restjwt {
namespace {

// A string claim, or nullptr.
const std::string* string_claim(const Claims& payload, const char* name) {
  const auto it = payload.find(name);
  if (it == payload.end() || !it->is_string()) return nullptr;
  return &it->get_ref<const std::string&>();
}

// A finite numeric claim, whole seconds (rounded down, as the claim checks read `exp`).
std::optional<std::int64_t> time_claim(const Claims& payload, const char* name) {
  const auto it = payload.find(name);
  if (it == payload.end() || !it->is_number()) return std::nullopt;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  const double value = it->get<double>();
  if (!std::isfinite(value) || std::abs(value) > 1e15) return std::nullopt;
  return static_cast<std::int64_t>(std::floor(value));
}

}  // namespace

struct TokenRevocations::Caches {
  detail::RevocationCache token_ids;  // token id → when its revocation expires
  detail::RevocationCache cutoffs;    // to_string(user id) → the user's cut-off
};

TokenRevocations::~TokenRevocations() = default;

TokenRevocations::TokenRevocations(RevocationStore& store, const Settings& settings, Clock clock,
                                   std::shared_ptr<Events> events,
                                   std::chrono::seconds poll_interval)
    : store_(store),
      verify_expiration_(settings.verify_expiration),
      leeway_(settings.leeway.count()),
      token_lifetime_(settings.expiration_delta.count() + settings.leeway.count()),
      chain_lifetime_(token_lifetime_ +
                      (settings.allow_refresh ? settings.refresh_expiration_delta.count() : 0)),
      clock_(std::move(clock)),
      events_(events ? std::move(events) : ignore_events()),
      poll_interval_(std::max<std::int64_t>(poll_interval.count(), 1)),
      caches_(std::make_unique<Caches>()) {}

StoreResult<void> TokenRevocations::load() {
  const std::int64_t now = clock_();
  auto loaded = apply_changes_since(0, now);
  if (!loaded) return loaded;
  last_poll_.store(now, std::memory_order_relaxed);
  next_poll_.store(now + poll_interval_, std::memory_order_relaxed);
  return {};
}

StoreResult<void> TokenRevocations::poll() const {
  const std::int64_t now = clock_();
  next_poll_.store(now + poll_interval_, std::memory_order_relaxed);
  const std::int64_t since = last_poll_.load(std::memory_order_relaxed);
  auto polled = apply_changes_since(since == 0 ? 0 : since - kClockSkewSeconds, now);
  if (!polled) {
    events_->store_fault("poll_revocations", polled.error());
    return polled;
  }
  last_poll_.store(now, std::memory_order_relaxed);
  // Forget what expired: the cache stays as small as the revocations in force.
  caches_->token_ids.forget_below(now + 1, now);
  caches_->cutoffs.forget_below(
      verify_expiration_ ? now - chain_lifetime_ : std::numeric_limits<std::int64_t>::min(), now);
  return {};
}

// One caller per interval: the one whose compare-exchange moves next_poll_ on.
void TokenRevocations::maybe_poll() const {
  const std::int64_t now = clock_();
  std::int64_t due = next_poll_.load(std::memory_order_relaxed);
  if (now < due) return;
  if (!next_poll_.compare_exchange_strong(due, now + poll_interval_, std::memory_order_relaxed)) {
    return;
  }
  (void)poll();
}

StoreResult<void> TokenRevocations::apply_changes_since(std::int64_t since,
                                                        std::int64_t now) const {
  auto changes = store_.changes_since(since, now);
  if (!changes) return unexpected(changes.error());
  for (const RevokedTokenId& row : changes->token_ids) {
    caches_->token_ids.remember(row.jti, row.expires_at);
  }
  for (const UserCutoff& row : changes->cutoffs) {
    caches_->cutoffs.remember(row.user_id, row.not_before);
  }
  return {};
}

std::optional<ErrorCode> TokenRevocations::token_refusal(const Claims& payload) const {
  maybe_poll();
  if (caches_->token_ids.size() == 0) return std::nullopt;
  for (const char* claim : {"jti", "orig_jti"}) {
    const std::string* id = string_claim(payload, claim);
    if (id != nullptr && caches_->token_ids.find(*id)) return ErrorCode::kTokenRevoked;
  }
  return std::nullopt;
}

std::optional<ErrorCode> TokenRevocations::cutoff_refusal(const Claims& payload,
                                                          const User& user) const {
  if (caches_->cutoffs.size() == 0) return std::nullopt;
  const auto not_before = caches_->cutoffs.find(to_string(user.id));
  if (!not_before) return std::nullopt;
  // The chain's start: a token refreshed after the cut-off still belongs to a session that began
  // before it.
  auto issued = time_claim(payload, "orig_iat");
  if (!issued) issued = time_claim(payload, "iat");
  if (!issued || *issued < *not_before) return ErrorCode::kTokenIssuedBeforeCutoff;
  return std::nullopt;
}

std::int64_t TokenRevocations::chain_expires_at(const Claims& payload,
                                                std::int64_t token_expires_at) const {
  // The chain's last refresh happens by orig_iat + JWT_REFRESH_EXPIRATION_DELTA, and that token
  // lives JWT_EXPIRATION_DELTA more.
  const auto start = time_claim(payload, "orig_iat");
  const std::int64_t chain_end = start ? *start + chain_lifetime_ : token_expires_at;
  return std::max(token_expires_at, chain_end);
}

Expected<void> TokenRevocations::revoke(const Claims& payload) const {
  const std::string* jti = string_claim(payload, "jti");
  if (jti == nullptr) return unexpected(ErrorCode::kTokenIdMissing);
  const std::int64_t now = clock_();
  std::int64_t token_expires_at = kNeverExpires;  // JWT_VERIFY_EXPIRATION = false
  if (verify_expiration_) {
    const auto exp = time_claim(payload, "exp");
    token_expires_at = exp ? *exp + leeway_ : now + token_lifetime_;
  }
  const std::string* orig_jti = string_claim(payload, "orig_jti");
  const std::string& chain = orig_jti != nullptr ? *orig_jti : *jti;
  const std::int64_t chain_expires =
      verify_expiration_ ? chain_expires_at(payload, token_expires_at) : kNeverExpires;
  std::vector<std::pair<const std::string*, std::int64_t>> rows{{&chain, chain_expires}};
  if (chain != *jti) rows.emplace_back(jti, token_expires_at);
  // This node refuses the token at once, whatever the store says.
  for (const auto& [id, expires_at] : rows) caches_->token_ids.remember(*id, expires_at);
  for (const auto& [id, expires_at] : rows) {
    if (auto stored = store_.revoke(*id, expires_at, now); !stored) {
      return unexpected(store_fault(*events_, "revoke", stored.error()));
    }
  }
  return {};
}

Expected<void> TokenRevocations::set_cutoff(const UserId& user, std::int64_t not_before) const {
  const std::string user_id = to_string(user);
  caches_->cutoffs.remember(user_id, not_before);
  if (auto stored = store_.set_cutoff(user_id, not_before); !stored) {
    return unexpected(store_fault(*events_, "set_cutoff", stored.error()));
  }
  return {};
}

std::int64_t cutoffs_expire_before(const Settings& settings, std::int64_t now) {
  // JWT_VERIFY_EXPIRATION = false: every token ever issued is still valid.
  if (!settings.verify_expiration) return std::numeric_limits<std::int64_t>::min();
  const auto refresh = settings.allow_refresh ? settings.refresh_expiration_delta.count() : 0;
  return now - (settings.expiration_delta.count() + settings.leeway.count() + refresh);
}

std::size_t TokenRevocations::cached_token_ids() const { return caches_->token_ids.size(); }

std::size_t TokenRevocations::cached_cutoffs() const { return caches_->cutoffs.size(); }

}  // namespace restjwt
