// A request body decoded the way DRF's JSONParser decodes it before Python's json sees it:
// codecs.getreader("utf-8")(stream).read(). That is a strict UTF-8 decoder (no overlong forms, no
// encoded surrogates, nothing above U+10FFFF) run as a stream, so an incomplete sequence at the
// very end waits for bytes that never come and is dropped: b'{}\xe2\x82' reads as '{}'.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "restjwt/expected.hpp"

namespace restjwt::detail {

// How many leading bytes of `body` decode (all of them, or all but an incomplete sequence at the
// end); or, for an invalid byte anywhere, Python's UnicodeDecodeError text:
// "'utf-8' codec can't decode byte 0xff in position 6: invalid start byte".
Expected<std::size_t, std::string> python_utf8_stream_length(std::string_view body);

}  // namespace restjwt::detail
