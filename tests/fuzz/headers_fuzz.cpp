// Header parsers: Cookie (Django's parse_cookie), Accept negotiation, CSRF origin
// and token checks, and the throttle's X-Forwarded-For walk. Never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "restjwt/http.hpp"
#include "restjwt/throttle.hpp"
#include "views/cookies.hpp"
#include "views/csrf.hpp"
#include "views/media_type.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)restjwt::detail::find_cookie(text, "jwt");
  (void)restjwt::detail::find_cookie(text, "");
  (void)restjwt::detail::accept_allows_json(text, true);

  restjwt::HttpRequest request;
  request.method = "POST";
  request.client_address = "127.0.0.1";
  request.headers = {{"Cookie", text},
                     {"X-CSRFToken", text},
                     {"Origin", text},
                     {"Referer", text},
                     {"X-Forwarded-For", text}};
  (void)restjwt::detail::csrf_failure(request, {"https://app.example.com"});

  static auto counters = restjwt::make_memory_throttle_counters();
  restjwt::ThrottleSettings settings;
  settings.trusted_proxies = {"127.0.0.1", "::1"};
  const restjwt::LoginThrottle throttle(settings, *counters,
                                        [] { return std::int64_t{1800000000}; });
  const std::string client = throttle.client_of(request);
  if (client.empty()) std::abort();  // always some address: the peer at worst
  return 0;
}
