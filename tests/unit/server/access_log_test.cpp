#include "access_log.hpp"

#include <gtest/gtest.h>

namespace restjwt::detail {
namespace {

TEST(AccessLog, OneLogfmtLineWithoutTheQuery) {
  EXPECT_EQ(format_access({"POST", "/api-token-verify/?token=eyJ.secret", 200,
                           std::chrono::microseconds(812), "127.0.0.1"}),
            "access method=POST path=/api-token-verify/ status=200 latency_us=812 "
            "client=127.0.0.1");
}

TEST(AccessLog, AnUnknownPathIsNotLogged) {
  EXPECT_EQ(format_access({"GET", "/eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.e30.sig/", 404,
                           std::chrono::microseconds(20), "10.0.0.1"}),
            "access method=GET path=- status=404 latency_us=20 client=10.0.0.1");
}

TEST(AccessLog, EscapesControlCharactersSpacesQuotesAndNonAscii) {
  EXPECT_EQ(escape_log_field("/a\r\nstatus=200 x\"\\\x7f\xc3\xa9"),
            "/a\\x0d\\x0astatus=200\\x20x\\x22\\x5c\\x7f\\xc3\\xa9");
  EXPECT_EQ(format_access({"", "", 400, std::chrono::microseconds(0), ""}),
            "access method=- path=- status=400 latency_us=0 client=-");
}

}  // namespace
}  // namespace restjwt::detail
