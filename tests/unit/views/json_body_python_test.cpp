// The JSON body parser against the real thing: many generated bodies read by Debian's python3
// the way DRF 3.14's JSONParser reads them (codecs.getreader("utf-8") under json.load, with DRF's
// strict_constant), then what CharField makes of each top-level field. Every answer must be the
// same: the fields, the type named in "Expected a dictionary, but got …", and the error text
// after "JSON parse error - ".
#include <array>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <stdio.h>  // popen, pclose

#include "support/drf_json_samples.hpp"
#include "support/temp_dir.hpp"
#include "views/request_data.hpp"

// The parser alone: once, in the library-level suite (not again over HTTP or on PostgreSQL).
#if !defined(RESTJWT_TEST_OVER_HTTP) && !defined(RESTJWT_TEST_POSTGRES)

namespace restjwt::detail {
namespace {

// rest_framework/parsers.py JSONParser.parse and rest_framework/utils/json.py strict_constant,
// then CharField.to_internal_value's str() on each field. One body per line, in hex.
constexpr const char* kDrfReader = R"PY(
import codecs, io, json, sys

def strict_constant(o):
    raise ValueError('Out of range float values are not JSON compliant: ' + repr(o))

def field(value):
    if value is None:
        return {"null": True}
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return {"not_string": True}
    text = str(value)
    lone = [ord(c) for c in text if 0xD800 <= ord(c) <= 0xDFFF]
    text = ''.join('\ufffd' if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    return {"text": text, "lone": lone[0] if lone else 0}

def answer(body):
    try:
        stream = codecs.getreader('utf-8')(io.BytesIO(body))
        data = json.load(stream, parse_constant=strict_constant)
    except ValueError as exc:
        return {"error": str(exc)}
    if data is None:
        return {"null": True}
    if not isinstance(data, dict):
        return {"type": type(data).__name__}
    # A key holding a surrogate never names a field.
    return {"fields": {k: field(v) for k, v in data.items()
                       if not any(0xD800 <= ord(c) <= 0xDFFF for c in k)}}

with open(sys.argv[1]) as lines:
    for line in lines:
        print(json.dumps(answer(bytes.fromhex(line.strip()))))
)PY";

std::string hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out += kDigits[static_cast<unsigned char>(c) >> 4U];
    out += kDigits[static_cast<unsigned char>(c) & 15U];
  }
  return out;
}

// restjwt's answer in the script's shape.
nlohmann::json answer(const std::string& body) {
  const auto parsed = parse_json_body(body);
  if (!parsed) return {{"error", parsed.error()}};
  if (parsed->shape == RequestData::Shape::kNull) return {{"null", true}};
  if (parsed->shape == RequestData::Shape::kNotObject) return {{"type", parsed->type_name}};
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& [name, value] : parsed->fields) {
    switch (value.kind) {
      case FieldValue::Kind::kNull:
        fields[name] = {{"null", true}};
        break;
      case FieldValue::Kind::kNotString:
        fields[name] = {{"not_string", true}};
        break;
      case FieldValue::Kind::kString:
        fields[name] = {{"text", value.text}, {"lone", value.lone_surrogate}};
        break;
    }
  }
  return {{"fields", fields}};
}

std::vector<std::string> run_drf_reader(const testing::TempDir& dir,
                                        const std::vector<std::string>& bodies) {
  std::ofstream(dir.file("drf_reader.py")) << kDrfReader;
  {
    std::ofstream input(dir.file("bodies.hex"));
    for (const auto& body : bodies) input << hex(body) << '\n';
  }
  const std::string command =
      "/usr/bin/python3 '" + dir.file("drf_reader.py") + "' '" + dir.file("bodies.hex") + "'";
  std::vector<std::string> lines;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return lines;
  std::string output;
  std::array<char, 65536> buffer{};
  while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) {
    output.append(buffer.data(), n);
  }
  EXPECT_EQ(pclose(pipe), 0) << command;
  for (std::size_t start = 0, end; (end = output.find('\n', start)) != std::string::npos;
       start = end + 1) {
    lines.push_back(output.substr(start, end - start));
  }
  return lines;
}

TEST(JsonBodyAgainstPython, GivesDrfsAnswerForEveryGeneratedBody) {
  test::DrfJsonSamples samples(20261205);
  // Hand-picked edges first: where Python's answer is least obvious.
  std::vector<std::string> bodies = {"",
                                     " ",
                                     "{}",
                                     "null",
                                     "\"\\ud800\"",
                                     "[1e400]",
                                     "-0",
                                     "-0.0",
                                     "1e-400",
                                     "\xEF\xBB\xBF",
                                     "\xEF\xBB",
                                     "{\"a\":1}\xED\xA0",
                                     "{\"a\":1}\xED\xBF",
                                     "{\"a\":1}\xED\x9F",
                                     "{\"a\":1}\xF4\x8F",
                                     "{\"a\":1}\xF4\x90",
                                     "{\"a\":1}\xF0\x8F",
                                     "\"\\u0041",
                                     "\"\\ud800\\udc00",
                                     "\"\\ud800\\",
                                     "[\"\\",
                                     "{\"a\":\"\\ud800\\u00\"}",
                                     "{\"a\":\"\\ud800\\u0000\"}",
                                     "{\"a\":\"\\udbff\\udfff\"}",
                                     "[1.]",
                                     "[1e]",
                                     "[1e+]",
                                     "[-]",
                                     "[--1]",
                                     "[-Infinity1]",
                                     "[Infinit]",
                                     "{\"a\" \t\r\n:\t1\r}",
                                     "{\"a\":1}\x00",
                                     "\x00",
                                     "[\"\x7f\"]",
                                     "{\"username\":" + std::string(4300, '1') + "}",
                                     "{\"username\":-" + std::string(4301, '1') + "}",
                                     "[" + std::string(5000, '2') + ".5]"};
  for (int i = 0; i < 20000; ++i) bodies.push_back(samples.next());
  const testing::TempDir dir;
  const auto expected = run_drf_reader(dir, bodies);
  ASSERT_EQ(expected.size(), bodies.size()) << "python3 did not answer for every body";
  int errors = 0;
  int objects = 0;
  int mismatches = 0;
  for (std::size_t i = 0; i < bodies.size() && mismatches < 10; ++i) {
    const auto python = nlohmann::json::parse(expected[i]);
    const auto ours = answer(bodies[i]);
    errors += python.contains("error") ? 1 : 0;
    objects += python.contains("fields") ? 1 : 0;
    if (ours != python) {
      ++mismatches;
      ADD_FAILURE() << "body (hex) " << hex(bodies[i]) << "\n  python:  " << python.dump()
                    << "\n  restjwt: " << ours.dump();
    }
  }
  // Both kinds of answer come up often, or the comparison proves little.
  EXPECT_GT(errors, 3000);
  EXPECT_GT(objects, 5000);
}

}  // namespace
}  // namespace restjwt::detail

#endif
