// ObsFoldDetector against a plain byte-by-byte reading of RFC 9112 §5.2, over every way of
// cutting a request into the chunks a socket may deliver.
#include "obs_fold.hpp"

#include <random>
#include <string>

#include <gtest/gtest.h>

namespace restjwt::detail {
namespace {

using Verdict = ObsFoldDetector::Verdict;

// The reference: one byte at a time.
Verdict reference(std::string_view bytes) {
  bool at_line_start = false;
  std::size_t lines = 0;
  for (const char c : bytes) {
    if (at_line_start && lines > 0 && (c == ' ' || c == '\t')) return Verdict::kFolded;
    if (at_line_start && lines > 0 && (c == '\r' || c == '\n')) {
      if (c == '\n') return Verdict::kHeaderEnd;
      continue;
    }
    at_line_start = c == '\n';
    if (at_line_start) ++lines;
  }
  return Verdict::kNeedMore;
}

Verdict fed_in_chunks(std::string_view bytes, std::size_t cut1, std::size_t cut2) {
  ObsFoldDetector detector;
  Verdict v = detector.feed(bytes.substr(0, cut1));
  if (v == Verdict::kFolded) return v;
  v = detector.feed(bytes.substr(cut1, cut2 - cut1));
  if (v == Verdict::kFolded) return v;
  return detector.feed(bytes.substr(cut2));
}

TEST(ObsFoldDetector, TellsFoldsFromHeaderEndsWhereverTheChunksAreCut) {
  const std::string cases[] = {
      "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a\r\n X: folded\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a\r\n\tX: folded\r\n\r\n",
      "GET / HTTP/1.1\r\n Host: a\r\n\r\n",
      "GET / HTTP/1.1\nHost: a\n\nbody with\n leading space",
      "GET / HTTP/1.1\r\nHost: a\r\n\r\r\n",
      "GET / HTTP/1.1\r\nHost: a\r\nX: b",
      " GET / HTTP/1.1\r\nHost: a\r\n\r\n",
  };
  for (const std::string& bytes : cases) {
    for (std::size_t cut1 = 0; cut1 <= bytes.size(); ++cut1) {
      for (std::size_t cut2 = cut1; cut2 <= bytes.size(); ++cut2) {
        ASSERT_EQ(fed_in_chunks(bytes, cut1, cut2), reference(bytes))
            << bytes << " cut at " << cut1 << ", " << cut2;
      }
    }
  }
}

TEST(ObsFoldDetector, AgreesWithTheReferenceOnRandomHeaderBytes) {
  std::mt19937 random(20261206);
  const std::string alphabet = "ab: \t\r\n";
  for (int round = 0; round < 20000; ++round) {
    std::string bytes = "GET / HTTP/1.1\r\n";
    const std::size_t length = random() % 24;
    for (std::size_t i = 0; i < length; ++i) bytes += alphabet[random() % alphabet.size()];
    const std::size_t cut1 = random() % (bytes.size() + 1);
    const std::size_t cut2 = cut1 + random() % (bytes.size() - cut1 + 1);
    ASSERT_EQ(fed_in_chunks(bytes, cut1, cut2), reference(bytes)) << testing::PrintToString(bytes);
  }
}

}  // namespace
}  // namespace restjwt::detail
