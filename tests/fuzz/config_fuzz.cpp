// The TOML config loader: any text gives a Config or a one-line error, never a crash
// or an escaping exception.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "restjwt/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const restjwt::Environment env = [](std::string_view name) -> std::optional<std::string> {
    if (name == "JWT_SECRET_KEY") return std::string(48, 's');
    return std::nullopt;
  };
  const auto config = restjwt::load_config_text(text, env, "fuzz.toml");
  if (!config && config.error().empty()) std::abort();
  return 0;
}
