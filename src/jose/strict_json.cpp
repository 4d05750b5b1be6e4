// Strict JSON for token headers and payloads (SPEC §5.2, §5.4).
//
// Python's json keeps the last of duplicate keys and simdjson the first; a token whose meaning
// depends on the parser is refused instead (SPEC §15.4). A SAX pass builds the document and
// refuses a key its object already holds (ordered_map lookups over a few keys: no allocation),
// and a container deeper than the limit, as soon as it opens.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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

std::optional<Claims> parse_json_object_strict(std::string_view text, int max_depth) {
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

}  // namespace restjwt
