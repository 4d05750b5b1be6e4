#include "django_user_fields.hpp"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>

namespace restjwt::cli {
namespace {

constexpr int32_t kMaxUsernameChars = 150;  // AbstractUser.username max_length
constexpr int32_t kMaxEmailChars = 254;     // AbstractUser.email (EmailField) max_length

// Python's strict UTF-8 decoder: no overlong forms, no surrogates, nothing past U+10FFFF.
bool is_utf8(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t length = 0;
  u_strFromUTF8(nullptr, 0, &length, text.data(), static_cast<int32_t>(text.size()), &status);
  return status == U_BUFFER_OVERFLOW_ERROR || status == U_ZERO_ERROR ||
         status == U_STRING_NOT_TERMINATED_WARNING;
}

// Python's str.isalnum() for one character (what re's Unicode \w is, with '_'): a letter (Lu,
// Ll, Lt, Lm, Lo), or any character with a numeric value (Nd, Nl, No, and CJK numerals).
bool is_python_word(UChar32 c) {
  if (c == '_') return true;
  if ((U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK)) != 0) return true;
  return u_getIntPropertyValue(c, UCHAR_NUMERIC_TYPE) != U_NT_NONE;
}

std::string characters_message(int32_t max, int32_t has) {
  return "Ensure this value has at most " + std::to_string(max) + " characters (it has " +
         std::to_string(has) + ").";
}

}  // namespace

Expected<std::string, std::string> django_username(std::string_view raw) {
  if (!is_utf8(raw)) return unexpected(std::string("the username is not valid UTF-8"));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return unexpected(std::string("Unicode normalization is unavailable"));
  const icu::UnicodeString normalized = nfkc->normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size()))),
      status);
  if (U_FAILURE(status)) return unexpected(std::string("Unicode normalization failed"));
  const int32_t characters = normalized.countChar32();
  bool valid = characters > 0;
  for (int32_t i = 0; valid && i < normalized.length(); i = normalized.moveIndex32(i, 1)) {
    const UChar32 c = normalized.char32At(i);
    valid = is_python_word(c) || c == '.' || c == '@' || c == '+' || c == '-';
  }
  if (!valid) {
    return unexpected(std::string(
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ "
        "characters."));
  }
  if (characters > kMaxUsernameChars) {
    return unexpected(characters_message(kMaxUsernameChars, characters));
  }
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

Expected<std::string, std::string> django_email(std::string_view raw) {
  if (!is_utf8(raw)) return unexpected(std::string("the email is not valid UTF-8"));
  const int32_t characters =
      icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size())))
          .countChar32();
  if (characters > kMaxEmailChars)
    return unexpected(characters_message(kMaxEmailChars, characters));
  // normalize_email: the part after the last '@' is lowercased (Python's str.lower(), ICU's
  // root-locale lowercasing).
  std::string email(raw);
  const auto at = email.rfind('@');
  if (at == std::string::npos) return email;
  icu::UnicodeString domain = icu::UnicodeString::fromUTF8(email.substr(at + 1));
  std::string lowered;
  domain.toLower(icu::Locale::getRoot()).toUTF8String(lowered);
  return email.substr(0, at + 1) + lowered;
}

}  // namespace restjwt::cli
