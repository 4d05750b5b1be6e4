// serialize_claims: the bytes Python's json.dumps(claims, separators=(",", ":")) writes, which is
// what drf-jwt signs through PyJWT 1.7 (wire contract §4).
//
// nlohmann's dump already matches Python for strings (ensure_ascii: \uXXXX in lowercase hex,
// surrogate pairs, DEL escaped), integers, literals and separators; floats differ: Python's repr
// keeps fixed notation up to 1e16 ("1000000000000000.0") where nlohmann switches at 1e15
// ("1e+15"). So containers and floats are written here, and integers and plain strings
// (core/plain_json.hpp), which need no escaping; everything else by nlohmann.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/compact_json.hpp"
#include "core/python_float.hpp"
#include "restjwt/jwt.hpp"

namespace restjwt {
namespace {

std::string dump_leaf(const Claims& value) {
  return value.dump(-1, ' ', /*ensure_ascii=*/true, nlohmann::detail::error_handler_t::replace);
}

}  // namespace

std::string serialize_claims(const Claims& claims) {
  std::string out;
  out.reserve(128);
  auto leaf = [](const Claims& value, std::string& text) {
    if (value.is_number_float()) {
      detail::append_python_float(value.get<double>(), text);
    } else {
      text += dump_leaf(value);
    }
  };
  detail::append_compact_json(claims, out, leaf);
  return out;
}

}  // namespace restjwt
