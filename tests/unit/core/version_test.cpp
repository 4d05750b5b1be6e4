// The public header comes first: it must be self-contained.
#include "restjwt/version.hpp"

#include <string>

#include <gtest/gtest.h>

namespace restjwt {
namespace {

TEST(Version, LinkedLibraryReportsTheHeadersVersion) { EXPECT_EQ(version(), kVersion); }

TEST(Version, TextIsMajorMinorPatch) {
  EXPECT_EQ(std::string(kVersion), std::to_string(kVersionMajor) + "." +
                                       std::to_string(kVersionMinor) + "." +
                                       std::to_string(kVersionPatch));
}

}  // namespace
}  // namespace restjwt
