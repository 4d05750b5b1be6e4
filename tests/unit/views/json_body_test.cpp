// The JSON body parser's own promises, beyond agreeing with Python (json_body_python_test.cpp):
// one pass at any depth, the reason texts clients get, and DRF's reading of the body's bytes.
#include <string>

#include <gtest/gtest.h>

#include "views/request_data.hpp"

// The parser alone: once, in the library-level suite (not again over HTTP or on PostgreSQL).
#if !defined(RESTJWT_TEST_OVER_HTTP) && !defined(RESTJWT_TEST_POSTGRES)

namespace restjwt::detail {
namespace {

TEST(JsonBody, NestingCostsNoRecursion) {
  // Far deeper than any stack would take one call per level.
  const std::size_t depth = 1'000'000;
  const auto list = parse_json_body(std::string(depth, '[') + std::string(depth, ']'));
  ASSERT_TRUE(list) << list.error();
  EXPECT_EQ(list->type_name, "list");
  const std::string nested = std::string(depth, '[') + "\"x\"" + std::string(depth, ']');
  const auto object = parse_json_body(R"({"username":)" + nested + R"(,"password":"p"})");
  ASSERT_TRUE(object) << object.error();
  EXPECT_EQ(object->find("username")->kind, FieldValue::Kind::kNotString);
  EXPECT_EQ(object->find("password")->text, "p");
  // Nested values are checked all the same.
  EXPECT_FALSE(parse_json_body(std::string(depth, '[') + std::string(depth - 1, ']')));
  EXPECT_FALSE(parse_json_body(R"({"a":[{"b":[1,}]}]})"));
  EXPECT_FALSE(parse_json_body(R"({"a":{"b":"\x"}})"));
}

TEST(JsonBody, ReasonsSayWhereAndWhat) {
  const std::pair<std::string, std::string> cases[] = {
      {R"({"username":)", "Expecting value: line 1 column 13 (char 12)"},
      {R"({"a":1,})",
       "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)"},
      {"{\n  \"a\" 1}", "Expecting ':' delimiter: line 2 column 7 (char 8)"},
      {"{\"\xc3\xa9\":1 2}", "Expecting ',' delimiter: line 1 column 8 (char 7)"},  // characters
      {R"({"a":1} x)", "Extra data: line 1 column 9 (char 8)"},
      {R"({"a":"b)", "Unterminated string starting at: line 1 column 6 (char 5)"},
      {"{\"a\":\"\tb\"}", "Invalid control character at: line 1 column 7 (char 6)"},
      {R"(["\x"])", "Invalid \\escape: line 1 column 3 (char 2)"},
      {R"(["\ud800\u12"])", "Invalid \\uXXXX escape: line 1 column 10 (char 9)"},
      {R"({"username":NaN})", "Out of range float values are not JSON compliant: 'NaN'"},
      {"[-Infinity]", "Out of range float values are not JSON compliant: '-Infinity'"},
      {"\xEF\xBB\xBF{}", "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)"},
      {"{\"a\":\"\xff\"}",
       "'utf-8' codec can't decode byte 0xff in position 6: invalid start byte"},
      {"{\"a\":\"\xf0\x9f\x98x\"}",
       "'utf-8' codec can't decode bytes in position 6-8: invalid continuation byte"},
      // The body is decoded before it is parsed: a bad byte anywhere comes first.
      {"{x \xed\xa0\x80",
       "'utf-8' codec can't decode byte 0xed in position 3: invalid continuation byte"},
  };
  for (const auto& [body, reason] : cases) {
    const auto parsed = parse_json_body(body);
    ASSERT_FALSE(parsed) << body;
    EXPECT_EQ(parsed.error(), reason) << body;
  }
}

// DRF reads the body through codecs.getreader("utf-8"), a stream decoder: an incomplete sequence
// at the very end waits for more bytes and is dropped when none come.
TEST(JsonBody, AnIncompleteCharacterAtTheEndIsDropped) {
  for (const char* tail : {"\xE2\x82", "\xF0\x9F\x98", "\xC3", "\xED\xA0"}) {
    const auto parsed = parse_json_body(std::string(R"({"username":"alice"})") + tail);
    ASSERT_TRUE(parsed) << parsed.error();
    EXPECT_EQ(parsed->find("username")->text, "alice");
  }
  EXPECT_FALSE(parse_json_body("{\"username\":\"alice\xE2\x82"));         // then the string is open
  EXPECT_FALSE(parse_json_body("{\"username\":\"alice\"}\xE0\x80"));      // never a character
  EXPECT_FALSE(parse_json_body("{\"username\":\"alice\"}\xED\xA0\x80"));  // an encoded surrogate
}

TEST(JsonBody, IntsBeyondPythonsDigitLimitAreRefused) {
  const std::string limit(4300, '9');
  EXPECT_EQ(parse_json_body(R"({"username":-)" + limit + "}")->find("username")->text, "-" + limit);
  const auto over = parse_json_body(R"({"username":1)" + limit + "}");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error(),
            "Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; "
            "use sys.set_int_max_str_digits() to increase the limit");
  EXPECT_FALSE(parse_json_body(R"({"x":[[1)" + limit + "]]}"));      // nested ones too
  EXPECT_TRUE(parse_json_body(R"({"username":1)" + limit + ".0}"));  // a float has no limit
}

// A key is a str with the surrogate in it: it never equals a field's name.
TEST(JsonBody, AKeyWithALoneSurrogateNamesNoField) {
  const auto parsed = parse_json_body(R"({"username\udc00":"x","\ufffd":"y"})");
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->fields.size(), 1U);
  EXPECT_EQ(parsed->find("\xEF\xBF\xBD")->text, "y");
}

}  // namespace
}  // namespace restjwt::detail

#endif
