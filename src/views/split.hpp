// Walking the pieces of a header or form body between separators: cookies (';'), urlencoded
// pairs ('&'), multipart header lines ("\r\n").
#pragma once

#include <string_view>

namespace restjwt::detail {

// Python's str.split(separator) without the list: `visit(piece)` sees every piece in order, the
// empty ones included (n separators make n + 1 pieces).
template <typename Visit>
constexpr void for_each_piece(std::string_view text, std::string_view separator, Visit&& visit) {
  std::size_t start = 0;
  for (auto end = text.find(separator); end != std::string_view::npos;
       end = text.find(separator, start)) {
    visit(text.substr(start, end - start));
    start = end + separator.size();
  }
  visit(text.substr(start));
}

}  // namespace restjwt::detail
