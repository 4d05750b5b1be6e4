// Detects obsolete header line folding (RFC 9112 §5.2: a header line that starts with a space or
// a tab) in a request's header block, which a proxy in front of the server may read otherwise
// (one header, or two, or a broken one): restjwt refuses such a request instead of unfolding it
// as Beast would. Fed the raw bytes as they arrive; it stops looking at the end of the headers.
#pragma once

#include <cstdint>
#include <string_view>

namespace restjwt::detail {

class ObsFoldDetector {
 public:
  enum class Verdict : std::uint8_t { kNeedMore, kFolded, kHeaderEnd };

  // Scans `bytes`, the continuation of what was fed before. Only the first byte of each line
  // matters: the scan jumps from line end to line end (memchr), as a request's headers are
  // parsed once more by Beast anyway.
  Verdict feed(std::string_view bytes) noexcept {
    std::size_t i = 0;
    while (i < bytes.size()) {
      if (done_) return Verdict::kHeaderEnd;
      if (at_line_start_ && lines_ > 0) {
        const char c = bytes[i];
        // A line that starts with SP or HT after the request line: a fold (or, before the first
        // header, whitespace that RFC 9112 §2.2 says to reject).
        if (c == ' ' || c == '\t') return Verdict::kFolded;
        if (c == '\r' || c == '\n') {
          // The empty line: what follows is the body.
          if (c == '\n') done_ = true;
          ++i;
          continue;
        }
      }
      const std::size_t line_end = bytes.find('\n', i);
      if (line_end == std::string_view::npos) {
        at_line_start_ = false;
        break;
      }
      at_line_start_ = true;
      ++lines_;
      i = line_end + 1;
    }
    return done_ ? Verdict::kHeaderEnd : Verdict::kNeedMore;
  }

 private:
  bool at_line_start_ = false;
  bool done_ = false;
  std::uint32_t lines_ = 0;
};

}  // namespace restjwt::detail
