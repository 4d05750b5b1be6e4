#include "views/uri_text.hpp"

namespace restjwt::detail {
namespace {

bool is_unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// urllib.parse.quote with `safe`: unreserved ASCII and the safe characters stay, every other byte
// becomes %XX (upper-case hex, as Python writes it).
std::string quote(std::string_view text, std::string_view safe) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (is_unreserved(c) || safe.find(c) != std::string_view::npos) {
      out += c;
    } else {
      const auto b = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[b >> 4U];
      out += kHex[b & 15U];
    }
  }
  return out;
}

}  // namespace

std::string escape_uri_path(std::string_view path) { return quote(path, "/:@&+$,!*'()"); }

std::string iri_to_uri(std::string_view iri) { return quote(iri, "/#%[]=:;$&()+,!?*@'"); }

}  // namespace restjwt::detail
