// describe_config: the effective configuration as TOML for `restjwt check-config`, every key of
// the key table in its order. It loads back as the same configuration, except that secrets appear
// as comments saying they are set.
#include <algorithm>
#include <cstdio>

#include "config/config_keys.hpp"
#include "restjwt/config.hpp"

namespace restjwt {
namespace detail {

std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7F) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04X", static_cast<unsigned>(u));
      out += escape;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string toml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : ", ") + toml_string(items[i]);
  return out + "]";
}

std::string toml_duration(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000);
  return toml_string(std::to_string(d.count()) + "ms");
}

}  // namespace detail

std::string describe_config(const Config& config) {
  std::string out =
      "# restjwt: effective configuration (" +
      (config.source.empty() ? std::string("no config file") : "from " + config.source) +
      ", environment applied; secrets redacted)\n";
  for (const auto& table : detail::config_tables()) {
    out += (out.ends_with(")\n") ? "[" : "\n[") + std::string(table.name) + "]\n";
    for (const auto& key : table.keys) out += key.print(config) + "\n";
  }
  return out;
}

}  // namespace restjwt
