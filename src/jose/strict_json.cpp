// Strict JSON for token headers and payloads (wire contract §5.2, §5.4).
//
// Python's json keeps the last of duplicate keys and simdjson the first; a token whose meaning
// depends on the parser is refused instead (§15.4). A SAX pass builds the document and
// refuses a key its object already holds (ordered_map lookups over a few keys: no allocation),
// and a container deeper than the limit, as soon as it opens. drf-jwt's own payloads (flat, plain
// strings and integers) take a shorter road first: core/plain_json.hpp.
#include "jose/strict_json.hpp"

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/plain_json.hpp"
#include "restjwt/jwt.hpp"

namespace restjwt {
namespace {

class StrictBuilder final : public nlohmann::json_sax<Claims> {
 public:
  explicit StrictBuilder(int max_depth) : max_depth_(static_cast<std::size_t>(max_depth)) {}

  Claims root;

  bool null() override { return put(Claims(nullptr)) != nullptr; }
  bool boolean(bool v) override { return put(Claims(v)) != nullptr; }
  bool number_integer(number_integer_t v) override { return put(Claims(v)) != nullptr; }
  bool number_unsigned(number_unsigned_t v) override { return put(Claims(v)) != nullptr; }
  bool number_float(number_float_t v, const string_t&) override {
    return put(Claims(v)) != nullptr;
  }
  bool string(string_t& v) override { return put(Claims(std::move(v))) != nullptr; }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override { return open(Claims::object()); }
  bool start_array(std::size_t) override { return open(Claims::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    key_ = std::move(k);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  // Places a value in the container being built (or as the root); nullptr refuses the document.
  Claims* put(Claims&& value) {
    if (open_.empty()) {
      root = std::move(value);
      return &root;
    }
    Claims& parent = *open_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    auto& object = parent.get_ref<Claims::object_t&>();
    // Only ancestors are held by pointer; growing this object never moves them.
    // ordered_map::emplace takes the key by const reference: it copies either way.
    auto [it, inserted] = object.emplace(key_, std::move(value));
    return inserted ? &it->second : nullptr;  // a duplicate key
  }

  bool open(Claims&& container) {
    if (open_.size() >= max_depth_) return false;  // level open_.size() + 1 is too deep
    Claims* placed = put(std::move(container));
    if (placed == nullptr) return false;
    open_.push_back(placed);
    return true;
  }

  bool close() {
    open_.pop_back();
    return true;
  }

  std::size_t max_depth_;
  std::vector<Claims*> open_;
  std::string key_;
};

}  // namespace

namespace detail {

std::optional<Claims> parse_plain_json_claims(std::string_view text) {
  Claims root = Claims::object();
  auto& members = root.get_ref<Claims::object_t&>();
  members.reserve(8);  // drf-jwt's payloads have 3 to 7 claims: one allocation, no regrowth
  const bool plain =
      read_plain_json_object(text, [&](std::string_view key, const PlainJsonValue& value) {
        Claims member;
        switch (value.kind) {
          case PlainJsonValue::Kind::kString:
            member = std::string(value.text);
            break;
          case PlainJsonValue::Kind::kInteger:
            // As nlohmann's lexer types them: a minus sign makes a signed integer.
            if (value.negative) {
              member = value.integer;
            } else {
              member = static_cast<std::uint64_t>(value.integer);
            }
            break;
          case PlainJsonValue::Kind::kTrue:
            member = true;
            break;
          case PlainJsonValue::Kind::kFalse:
            member = false;
            break;
          case PlainJsonValue::Kind::kNull:
            break;
        }
        // A duplicate key declines: the general parser refuses the document.
        return members.emplace(std::string(key), std::move(member)).second;
      });
  if (!plain) return std::nullopt;
  return root;
}

std::optional<Claims> parse_general_json_object_strict(std::string_view text, int max_depth) {
  // nlohmann silently skips a UTF-8 BOM; Python's json.loads refuses it.
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    return std::nullopt;
  }
  StrictBuilder builder(max_depth);
  const bool ok = Claims::sax_parse(text.begin(), text.end(), &builder,
                                    nlohmann::detail::input_format_t::json, /*strict=*/true);
  if (!ok || !builder.root.is_object()) {
    return std::nullopt;
  }
  return std::move(builder.root);
}

}  // namespace detail

std::optional<Claims> parse_json_object_strict(std::string_view text, int max_depth) {
  if (max_depth >= 1) {  // a flat object is one level deep
    if (auto plain = detail::parse_plain_json_claims(text)) return plain;
  }
  return detail::parse_general_json_object_strict(text, max_depth);
}

}  // namespace restjwt
