#include "config/config_value.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <utility>
#include <vector>

#include "restjwt/config.hpp"

namespace restjwt::detail {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = std::toupper(static_cast<unsigned char>(a[i - 1])) ==
                        std::toupper(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string ConfigValue::display() const {
  struct Visitor {
    std::string operator()(const std::string& s) const { return "\"" + s + "\""; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return std::to_string(d); }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(const List& items) const {
      std::string out = "[";
      for (const auto& item : items) out += (out.size() > 1 ? ", \"" : "\"") + item + "\"";
      return out + "]";
    }
    std::string operator()(Other) const { return "(an array, table or date)"; }
  };
  return std::visit(Visitor{}, value);
}

ConfigError invalid(const ConfigValue& v, std::string_view expected) {
  return v.origin + " = " + v.display() + ": expected " + std::string(expected);
}

Expected<std::string, ConfigError> to_string_value(const ConfigValue& v) {
  if (const auto* s = std::get_if<std::string>(&v.value)) {
    return *s;
  }
  return unexpected(invalid(v, "a string"));
}

Expected<std::string, ConfigError> to_nonempty_string(const ConfigValue& v) {
  const auto* s = std::get_if<std::string>(&v.value);
  if (s == nullptr || s->empty()) {
    return unexpected(invalid(v, "a non-empty string"));
  }
  return *s;
}

Expected<bool, ConfigError> to_bool(const ConfigValue& v) {
  if (const auto* b = std::get_if<bool>(&v.value)) {
    return *b;
  }
  if (const auto* s = std::get_if<std::string>(&v.value); s != nullptr && v.from_environment) {
    const std::string t = lower(*s);
    if (t == "true" || t == "1" || t == "yes") return true;
    if (t == "false" || t == "0" || t == "no") return false;
  }
  return unexpected(invalid(v, "true or false"));
}

Expected<std::chrono::seconds, ConfigError> to_duration(const ConfigValue& v) {
  constexpr std::string_view kExpected =
      R"(whole seconds (e.g. 300) or a duration like "90s", "5m", "1h", "7d")";
  if (const auto* i = std::get_if<std::int64_t>(&v.value)) {
    if (*i < 0) {
      return unexpected(invalid(v, "a duration that is not negative"));
    }
    return std::chrono::seconds(*i);
  }
  if (const auto* s = std::get_if<std::string>(&v.value)) {
    if (auto d = parse_duration(*s)) {
      return *d;
    }
  }
  return unexpected(invalid(v, kExpected));
}

Expected<std::int64_t, ConfigError> to_integer(const ConfigValue& v, std::int64_t min,
                                               std::int64_t max) {
  std::optional<std::int64_t> number;
  if (const auto* i = std::get_if<std::int64_t>(&v.value)) {
    number = *i;
  } else if (const auto* s = std::get_if<std::string>(&v.value);
             s != nullptr && v.from_environment) {
    std::int64_t parsed = 0;
    const auto* end = s->data() + s->size();
    if (auto [ptr, ec] = std::from_chars(s->data(), end, parsed); ec == std::errc{} && ptr == end) {
      number = parsed;
    }
  }
  if (!number || *number < min || *number > max) {
    return unexpected(
        invalid(v, "an integer from " + std::to_string(min) + " to " + std::to_string(max)));
  }
  return *number;
}

Expected<std::string, ConfigError> to_choice(const ConfigValue& v,
                                             std::span<const std::string_view> choices) {
  const auto* s = std::get_if<std::string>(&v.value);
  if (s != nullptr && std::find(choices.begin(), choices.end(), *s) != choices.end()) {
    return *s;
  }
  std::string list;
  for (const auto choice : choices) {
    list += (list.empty() ? "" : ", ") + std::string(choice);
  }
  return unexpected(invalid(v, "one of " + list));
}

std::string did_you_mean(std::string_view unknown, std::span<const std::string_view> known) {
  std::string_view best;
  std::size_t best_distance = 4;  // suggest only near misses
  for (const auto name : known) {
    const std::size_t d = edit_distance(unknown, name);
    if (d < best_distance) {
      best = name;
      best_distance = d;
    }
  }
  return best.empty() ? "" : "did you mean \"" + std::string(best) + "\"?";
}

}  // namespace restjwt::detail

namespace restjwt {

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  if (text.empty()) {
    return std::nullopt;
  }
  // "90s", "5m", "1h", "7d"; a bare number is seconds.
  static constexpr std::pair<char, std::int64_t> kUnits[] = {
      {'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}};
  std::int64_t unit = 1;
  for (const auto& [suffix, seconds] : kUnits) {
    if (text.back() == suffix) {
      unit = seconds;
      text.remove_suffix(1);
      break;
    }
  }
  std::int64_t number = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, number);
  if (text.empty() || ec != std::errc{} || ptr != end || number < 0 ||
      number > std::int64_t{1} << 40) {
    return std::nullopt;
  }
  return std::chrono::seconds(number * unit);
}

}  // namespace restjwt
