// createuser's username and email rules (app/django_user_fields.hpp) against Django's own: every
// assigned code point is normalised and validated by Python (Debian's python3, unicodedata and re
// as Django's AbstractBaseUser.normalize_username and UnicodeUsernameValidator use them) and by
// ICU, and the two must agree.
#include "django_user_fields.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <unicode/unistr.h>

#include "store_test_support.hpp"

namespace restjwt::cli {
namespace {

// One line per assigned code point that is not a surrogate: "<hex cp> <0|1> <hex of NFKC UTF-8>".
constexpr const char* kPythonVerdicts = R"PY(
import re, sys, unicodedata
valid = re.compile(r'^[\w.@+-]+\Z')
out = []
for cp in range(0x110000):
    ch = chr(cp)
    if unicodedata.category(ch) in ('Cn', 'Cs'):
        continue
    n = unicodedata.normalize('NFKC', ch)
    ok = bool(valid.match(n)) and len(n) <= 150
    out.append('%x %d %s' % (cp, ok, n.encode('utf-8').hex()))
sys.stdout.write('\n'.join(out) + '\n')
sys.stderr.write(unicodedata.unidata_version)
)PY";

std::string utf8_of(char32_t cp) {
  std::string out;
  icu::UnicodeString(static_cast<UChar32>(cp)).toUTF8String(out);
  return out;
}

std::string hex_of(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out += kDigits[static_cast<unsigned char>(c) >> 4];
    out += kDigits[static_cast<unsigned char>(c) & 15];
  }
  return out;
}

TEST(DjangoUsername, AgreesWithPythonOnEveryAssignedCodePoint) {
  const testing::TempDir dir;
  std::ofstream(dir.file("verdicts.py")) << kPythonVerdicts;
  const auto python = testing::run_command(dir.path(), "/usr/bin/python3 verdicts.py", "");
  ASSERT_EQ(python.exit_code, 0) << python.err;
  std::istringstream verdicts(python.out);
  std::string line;
  int compared = 0;
  std::vector<std::string> disagreements;
  while (std::getline(verdicts, line)) {
    std::istringstream fields(line);
    std::string cp_hex, nfkc_hex;
    int python_valid = 0;
    fields >> cp_hex >> python_valid >> nfkc_hex;
    const auto cp = static_cast<char32_t>(std::stoul(cp_hex, nullptr, 16));
    const auto ours = django_username(utf8_of(cp));
    ++compared;
    const bool agree = python_valid == 1 ? ours && hex_of(*ours) == nfkc_hex : !ours;
    if (!agree && disagreements.size() < 20) {
      disagreements.push_back("U+" + cp_hex + " python " + std::to_string(python_valid) + " " +
                              nfkc_hex + ", ours " + (ours ? hex_of(*ours) : ours.error()));
    }
  }
  EXPECT_GT(compared, 140000) << "Python's Unicode " << python.err;
  EXPECT_TRUE(disagreements.empty()) << "Python's Unicode " << python.err << "\n"
                                     << ::testing::PrintToString(disagreements);
}

TEST(DjangoUsername, NormalizesRefusesAndExplains) {
  EXPECT_EQ(django_username("\xEF\xBD\x82\xEF\xBD\x8F\xEF\xBD\x82").value(), "bob");  // ｂｏｂ
  EXPECT_EQ(django_username("\xEF\xAC\x81le").value(), "file");                       // ﬁle
  EXPECT_EQ(django_username("j.doe+tag@example-1_x").value(), "j.doe+tag@example-1_x");
  EXPECT_EQ(django_username("Zoë").value(), "Zoë");
  const std::string invalid =
      "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ "
      "characters.";
  for (const std::string bad : {"bob smith", "bob!", "a/b", "tab\t", ""}) {
    EXPECT_EQ(django_username(bad).error(), invalid) << bad;
  }
  EXPECT_EQ(django_username(std::string(150, 'a')).value(), std::string(150, 'a'));
  EXPECT_EQ(django_username(std::string(151, 'a')).error(),
            "Ensure this value has at most 150 characters (it has 151).");
  // 150 characters of two bytes each are 150 characters.
  std::string e_acute;
  for (int i = 0; i < 150; ++i) e_acute += "\xC3\xA9";
  EXPECT_TRUE(django_username(e_acute));
  for (const std::string broken : {"\xFF", "a\xC3", "\xED\xA0\x80", "\xC0\xAF"}) {
    EXPECT_EQ(django_username(broken).error(), "the username is not valid UTF-8");
  }
}

TEST(DjangoEmail, LowercasesTheDomainOnly) {
  EXPECT_EQ(django_email("Alice@EXAMPLE.Com").value(), "Alice@example.com");
  EXPECT_EQ(django_email("a@b@EXAMPLE.COM").value(), "a@b@example.com");  // after the last @
  EXPECT_EQ(django_email("no-at-sign").value(), "no-at-sign");
  EXPECT_EQ(django_email("").value(), "");
  EXPECT_EQ(django_email(std::string(243, 'a') + "@example.com").error(),
            "Ensure this value has at most 254 characters (it has 255).");
  EXPECT_EQ(django_email("a@\xFF").error(), "the email is not valid UTF-8");
}

}  // namespace
}  // namespace restjwt::cli
