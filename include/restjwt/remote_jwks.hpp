// RemoteJwks: another issuer's JSON Web Key Set (RFC 7517), fetched and cached as Envoy's
// jwt_authn does, so that restjwt can check that issuer's tokens as a resource server
// (`[remote_jwks]`, docs/keys.md):
//
//   - a fetched set is fresh for cache_lifetime, and fetched again refresh_before it expires, on
//     the set's own thread: a request never waits for a fetch while a copy is cached;
//   - a token whose kid the set lacks (the issuer rotated) asks for a fetch at once, at most once
//     per refetch_min_interval (a flood of invented kids costs the issuer one request per
//     interval);
//   - when a fetch fails, the keys already fetched keep working (stale) and the fetch is tried
//     again every refetch_min_interval; the failure is reported (Events::key_fault);
//   - what a fetch may do (https only, no redirects, size and time limits) is the fetcher's: the
//     server's (https_get) follows the [remote_jwks] settings.
//
// A key is bound to one algorithm: a JWK with "alg" to that one, if allowed; a JWK without "alg"
// to each allowed algorithm its kty and curve fit. Symmetric and private JWKs are never taken.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "restjwt/events.hpp"
#include "restjwt/expected.hpp"
#include "restjwt/key_source.hpp"
#include "restjwt/keys.hpp"

namespace restjwt {

struct RemoteJwksOptions {
  std::string name;  // the set's URL, for messages
  std::vector<Algorithm> algorithms{Algorithm::kRS256};
  std::chrono::seconds cache_lifetime{600};
  std::chrono::seconds refresh_before{60};
  std::chrono::seconds refetch_min_interval{30};
};

// One key of a set: its kid ("" when the JWK has none) and the key, bound to one algorithm.
struct RemoteKey {
  std::string kid;
  Key key;
};

// The usable keys of a key set's text, in its order (unusable JWKs are skipped: another
// algorithm, an encryption key, an unknown kty). An error when the text is not a key set at all.
Expected<std::vector<RemoteKey>, std::string> parse_jwks(std::string_view text,
                                                         std::span<const Algorithm> algorithms);

// Fetches the set's text (the body of a 200 answer), else says why not. Blocking; called on one
// thread at a time.
using JwksFetcher = std::function<Expected<std::string, std::string>()>;
using MonotonicClock = std::function<std::chrono::steady_clock::time_point()>;

class RemoteJwks final : public KeySource {
 public:
  // Nothing is fetched yet: call fetch() (start-up) and start(). `clock` is for tests.
  RemoteJwks(
      RemoteJwksOptions options, JwksFetcher fetcher,
      std::shared_ptr<Events> events = ignore_events(),
      MonotonicClock clock = [] { return std::chrono::steady_clock::now(); });
  RemoteJwks(const RemoteJwks&) = delete;
  RemoteJwks& operator=(const RemoteJwks&) = delete;
  ~RemoteJwks() override;  // stops the thread

  // Fetches now, on the calling thread, and schedules the next fetch. An error keeps the keys it
  // had (none, the first time).
  Expected<void, std::string> fetch();
  // The fetches that are due (by the schedule, or asked for by an unknown kid), on the calling
  // thread; returns when the next one is due. The thread of start() calls it in a loop.
  std::chrono::steady_clock::time_point run_due();
  // A thread of the set's own that fetches when due. Once.
  void start();

  [[nodiscard]] Expected<Key> verification_key(std::optional<std::string_view> kid,
                                               std::string_view alg) const override;
  // kInternal: another issuer's set only verifies.
  [[nodiscard]] Expected<SigningKey> signing_key() const override;

  [[nodiscard]] std::size_t key_count() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace restjwt
