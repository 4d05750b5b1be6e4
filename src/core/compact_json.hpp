// The walk both of restjwt's JSON writers share (responses: views/responses.cpp; signed payloads:
// jose/claims_serialize.cpp): compact containers (no spaces, members in stored order), integers
// and plain strings (plain_json.hpp) written directly. Every other leaf — a string that needs
// escaping, a float, true/false/null — goes to `leaf(value, out)`, where the two writers differ
// (UTF-8 kept or \uXXXX, nlohmann's or Python's float text).
#pragma once

#include <cstdint>
#include <string>

#include "core/plain_json.hpp"

namespace restjwt::detail {

template <typename Json, typename Leaf>
void append_compact_json(const Json& value, std::string& out, Leaf& leaf) {
  switch (value.type()) {
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : value.template get_ref<const typename Json::object_t&>()) {
        out += first ? "" : ",";
        first = false;
        if (!append_plain_json_string(key, out)) leaf(Json(key), out);
        out += ':';
        append_compact_json(member, out, leaf);
      }
      out += '}';
      return;
    }
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& element : value) {
        out += first ? "" : ",";
        first = false;
        append_compact_json(element, out, leaf);
      }
      out += ']';
      return;
    }
    case Json::value_t::string:
      if (!append_plain_json_string(value.template get_ref<const std::string&>(), out)) {
        leaf(value, out);
      }
      return;
    case Json::value_t::number_integer:
      out += std::to_string(value.template get<std::int64_t>());
      return;
    case Json::value_t::number_unsigned:
      out += std::to_string(value.template get<std::uint64_t>());
      return;
    case Json::value_t::null:
    case Json::value_t::boolean:
    case Json::value_t::number_float:
    case Json::value_t::binary:
    case Json::value_t::discarded:
      leaf(value, out);
      return;
  }
}

}  // namespace restjwt::detail
