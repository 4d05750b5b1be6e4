// The plain reader of JSON bodies (core/plain_json.hpp) gives exactly what DRF's parser gives,
// or declines and leaves the body to it.
#include <gtest/gtest.h>

#include "../../support/json_samples.hpp"
#include "views/request_data.hpp"

// The parser alone: once, in the library-level suite (not again over HTTP or on PostgreSQL).
#if !defined(RESTJWT_TEST_OVER_HTTP) && !defined(RESTJWT_TEST_POSTGRES)

namespace restjwt::detail {
namespace {

TEST(PlainJsonBody, TakesTheBodiesClientsSend) {
  const auto verify = parse_plain_json_body(R"({"token": "eyJhbGciOiJIUzI1NiJ9.e30.c2ln"})");
  ASSERT_TRUE(verify);
  EXPECT_EQ(verify->find("token")->text, "eyJhbGciOiJIUzI1NiJ9.e30.c2ln");
  const auto login =
      parse_plain_json_body(" {\n\"username\":\"alice\",\t\"password\":\"p w\"}\r\n");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->fields.size(), 2U);
  EXPECT_EQ(login->find("password")->text, "p w");
  const auto odd = parse_plain_json_body(R"({"a":-0,"b":null,"c":true,"a2":12,"a":"last"})");
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->find("a")->text, "last");  // repeated keys: the last wins, as in Python
  EXPECT_EQ(odd->find("b")->kind, FieldValue::Kind::kNull);
  EXPECT_EQ(odd->find("c")->kind, FieldValue::Kind::kNotString);
  EXPECT_EQ(odd->find("a2")->text, "12");
  EXPECT_TRUE(parse_plain_json_body("{}"));
}

TEST(PlainJsonBody, DeclinesEverythingElse) {
  for (const char* body :
       {R"({"token":"a\"b"})", "{\"token\":\"\xc3\xa9\"}", R"({"n":1.5})", R"({"n":01})",
        R"({"n":1e3})", R"({"n":1234567890123456789})", R"({"a":[1]})", R"({"a":{}})", R"([])",
        R"("x")", "", "{", "{}x", "\xEF\xBB\xBF{}", R"({"a":"b",})", "{\"a\":\"\x01\"}", "{\f}",
        R"({'a':'b'})", R"({"a":tru})"}) {
    EXPECT_FALSE(parse_plain_json_body(body)) << body;
  }
}

TEST(PlainJsonBody, AgreesWithTheGeneralParserOnEverythingItTakes) {
  const auto tally = test::compare_on_samples(20261128, 40000, [](const std::string& body) {
    const auto plain = parse_plain_json_body(body);
    if (!plain) return false;
    const auto general = parse_general_json_body(body);
    EXPECT_TRUE(general) << "the general parser refuses what the plain reader took: " << body;
    EXPECT_TRUE(general && *general == *plain) << body;
    return true;
  });
  // Both roads are exercised, or the comparison proves nothing.
  EXPECT_GT(tally.taken, 2000);
  EXPECT_GT(tally.declined, 5000);
}

}  // namespace
}  // namespace restjwt::detail

namespace restjwt::detail {
namespace {

// DRF's CharField takes a JSON number as str() of what Python's json made of it (wire contract §3).
TEST(GeneralJsonBody, NumbersBecomePythonsText) {
  const std::pair<const char*, const char*> cases[] = {
      {"0", "0"},
      {"-0", "0"},
      {"12", "12"},
      {"1.5", "1.5"},
      {"-0.0", "-0.0"},
      {"100.00", "100.0"},
      {"1e2", "100.0"},
      {"1E5", "100000.0"},
      {"1e15", "1000000000000000.0"},  // Python keeps fixed notation up to 1e16
      {"123456789012345.6", "123456789012345.6"},
      {"1e16", "1e+16"},
      {"1.5e300", "1.5e+300"},
      {"0.0001", "0.0001"},
      {"0.00001", "1e-05"},
      {"123456789012345678901234567890", "123456789012345678901234567890"},
  };
  for (const auto& [number, text] : cases) {
    const auto body = std::string(R"({"username":)") + number + "}";
    const auto data = parse_general_json_body(body);
    ASSERT_TRUE(data) << body;
    ASSERT_NE(data->find("username"), nullptr) << body;
    EXPECT_EQ(data->find("username")->text, text) << body;
  }
}

// Python's json reads 1e400 as inf, and CharField makes it "inf" (DRF then looks up that user).
TEST(GeneralJsonBody, AnOverflowingNumberIsInfAsInPython) {
  const auto data = parse_general_json_body(R"({"username":1e400,"password":-1E999,"x":[1e400]})");
  ASSERT_TRUE(data) << data.error();
  EXPECT_EQ(data->find("username")->text, "inf");
  EXPECT_EQ(data->find("username")->kind, FieldValue::Kind::kString);
  EXPECT_EQ(data->find("password")->text, "-inf");
  EXPECT_EQ(data->find("x")->kind, FieldValue::Kind::kNotString);
  const auto bare = parse_general_json_body(" 1e400 ");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->type_name, "float");  // "Expected a dictionary, but got float."
  const std::string huge(400, '7');     // an int beyond double's range keeps its digits
  const auto big = parse_general_json_body(R"({"username":)" + huge + "}");
  ASSERT_TRUE(big) << big.error();
  EXPECT_EQ(big->find("username")->text, huge);
  EXPECT_EQ(parse_general_json_body(huge)->type_name, "int");
  const auto listed = parse_general_json_body("[1e400]");
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->type_name, "list");
  // Still JSON errors around them; a body of many is read once, as Python reads it.
  EXPECT_FALSE(parse_general_json_body(R"({"username":1e400,})"));
  const auto many = parse_general_json_body("[1e400,1e400,1e400,1e400,1e400,1e400]");
  ASSERT_TRUE(many);
  EXPECT_EQ(many->type_name, "list");
  const auto tiny = parse_general_json_body(R"({"username":1e-400,"password":-2e-324})");
  ASSERT_TRUE(tiny);  // below double's range: 0.0, as Python reads it
  EXPECT_EQ(tiny->find("username")->text, "0.0");
  EXPECT_EQ(tiny->find("password")->text, "-0.0");
}

}  // namespace
}  // namespace restjwt::detail

namespace restjwt::detail {
namespace {

// Python's json keeps a lone surrogate escape; DRF's CharField then refuses the field.
TEST(GeneralJsonBody, LoneSurrogatesAreKeptForTheFieldCheck) {
  const auto data = parse_general_json_body(
      R"({"username":"a\ud800b\udc01","password":"\ud83d\ude00 ok","token":"\udc00","token":"x",)"
      R"("n":["\ud800"],"k\ud800":1})");
  ASSERT_TRUE(data) << data.error();
  EXPECT_EQ(data->find("username")->lone_surrogate, 0xD800);
  EXPECT_EQ(data->find("username")->text,
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
  EXPECT_EQ(data->find("password")->lone_surrogate, 0);  // a pair is one character
  EXPECT_EQ(data->find("password")->text, "\xF0\x9F\x98\x80 ok");
  EXPECT_EQ(data->find("token")->lone_surrogate, 0);  // the last of repeated keys wins
  EXPECT_EQ(data->find("n")->kind, FieldValue::Kind::kNotString);
  const auto bare = parse_general_json_body(R"("\udfff")");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->type_name, "str");
  EXPECT_FALSE(parse_general_json_body(R"({"username":"\ud800)"));  // still malformed
  EXPECT_FALSE(parse_general_json_body(R"("\ud800)"));
  EXPECT_FALSE(parse_general_json_body(R"("surrogate)"));  // the word in the input is not the error
}

}  // namespace
}  // namespace restjwt::detail

#endif
