// render_json writes exactly what DRF's JSONRenderer writes (nlohmann's compact dump, UTF-8 kept,
// U+2028/U+2029 escaped) while writing plain strings and integers itself.
#include <gtest/gtest.h>

#include "../../support/json_samples.hpp"
#include "jose/strict_json.hpp"
#include "views/responses.hpp"

namespace restjwt::detail {
namespace {

std::string reference(const Claims& value) {
  std::string text =
      value.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::detail::error_handler_t::replace);
  for (const auto& [raw, escaped] :
       {std::pair{"\xE2\x80\xA8", "\\u2028"}, {"\xE2\x80\xA9", "\\u2029"}}) {
    for (auto at = text.find(raw); at != std::string::npos; at = text.find(raw, at)) {
      text.replace(at, 3, escaped);
    }
  }
  return text;
}

TEST(RenderJson, WritesDrfsBytes) {
  const Claims response = {{"token", "eyJ0eXAiOiJKV1QifQ.e30.sig"},
                           {"user",
                            {{"id", 7},
                             {"username", "\xc3\xa9mile \"q\" \xe2\x80\xa8"},
                             {"last_login", nullptr},
                             {"ok", true},
                             {"n", -3}}},
                           {"list", {1, "a", 2.5, Claims::array(), Claims::object()}},
                           {"tab\t", "\x7f\x01"},
                           {"bad", "\xff"}};
  EXPECT_EQ(render_json(response), reference(response));
  EXPECT_EQ(
      render_json(response),
      "{\"token\":\"eyJ0eXAiOiJKV1QifQ.e30.sig\",\"user\":{\"id\":7,\"username\":\"\xc3\xa9mile "
      "\\\"q\\\" \\u2028\",\"last_login\":null,\"ok\":true,\"n\":-3},\"list\":[1,\"a\",2.5,[],{}],"
      "\"tab\\t\":\"\x7f\\u0001\",\"bad\":\"\xef\xbf\xbd\"}");
}

TEST(RenderJson, AgreesWithNlohmannOnRandomDocuments) {
  test::JsonSamples samples(2028);
  int rendered = 0;
  for (int i = 0; i < 20000; ++i) {
    const auto document = parse_general_json_object_strict(samples.next(), 32);
    if (!document) continue;
    ++rendered;
    ASSERT_EQ(render_json(*document), reference(*document));
  }
  EXPECT_GT(rendered, 2000);
}

}  // namespace
}  // namespace restjwt::detail
