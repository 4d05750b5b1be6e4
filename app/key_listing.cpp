#include "key_listing.hpp"

#include <algorithm>
#include <array>
#include <ctime>

#include <nlohmann/json.hpp>

namespace restjwt::cli {
namespace {

constexpr std::size_t kColumns = 8;
using Row = std::array<std::string, kColumns>;

int rank(KeyState state) {
  return state == KeyState::kActive ? 0 : state == KeyState::kNext ? 1 : 2;
}

void sort_keys(std::vector<StoredKey>& keys) {
  std::stable_sort(keys.begin(), keys.end(), [](const StoredKey& a, const StoredKey& b) {
    return rank(a.state) != rank(b.state) ? rank(a.state) < rank(b.state)
                                          : a.retired_at > b.retired_at;
  });
}

bool sealed(const StoredKey& key) { return key.secret.starts_with("sealed:"); }

}  // namespace

std::string utc_time(std::int64_t epoch_seconds) {
  if (epoch_seconds == 0) return "-";
  const std::time_t t = epoch_seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 32> text{};
  std::strftime(text.data(), text.size(), "%Y-%m-%d %H:%M:%S UTC", &tm);
  return text.data();
}

std::string keys_as_table(std::vector<StoredKey> keys, std::chrono::seconds token_lifetime) {
  sort_keys(keys);
  std::vector<Row> rows{
      {"KID", "ALG", "STATE", "CREATED", "ACTIVATED", "RETIRED", "VERIFIES UNTIL", "SEALED"}};
  for (const auto& k : keys) {
    rows.push_back({k.kid, std::string(to_string(k.algorithm)), std::string(to_string(k.state)),
                    utc_time(k.created_at), utc_time(k.activated_at), utc_time(k.retired_at),
                    utc_time(retired_key_expires_at(k, token_lifetime)), sealed(k) ? "yes" : "no"});
  }
  std::array<std::size_t, kColumns> widths{};
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < kColumns; ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < kColumns; ++i) {
      out += row[i];
      if (i + 1 < kColumns) out += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    out += '\n';
  }
  return out;
}

std::string keys_as_json(std::vector<StoredKey> keys, std::chrono::seconds token_lifetime) {
  sort_keys(keys);
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& k : keys) {
    out.push_back({{"kid", k.kid},
                   {"algorithm", std::string(to_string(k.algorithm))},
                   {"state", std::string(to_string(k.state))},
                   {"created_at", k.created_at},
                   {"activated_at", k.activated_at},
                   {"retired_at", k.retired_at},
                   {"verifies_until", retired_key_expires_at(k, token_lifetime)},
                   {"sealed", sealed(k)}});
  }
  return out.dump() + "\n";
}

}  // namespace restjwt::cli
