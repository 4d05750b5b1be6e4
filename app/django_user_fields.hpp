// The username and email as Django's AbstractUser takes them, so that `restjwt createuser` never
// writes a row Django's admin would refuse to edit, nor a lookalike of an existing user:
//   - username: valid UTF-8; NFKC-normalised (AbstractBaseUser.normalize_username, Python's
//     unicodedata.normalize); then UnicodeUsernameValidator (^[\w.@+-]+\Z, Python's Unicode \w)
//     and max_length 150 characters, on the normalised value as Django's UserCreationForm
//     checks it. "ｂｏｂ" becomes "bob", which is then a duplicate of an existing bob.
//   - email: valid UTF-8, at most 254 characters (EmailField), the domain lowercased
//     (BaseUserManager.normalize_email). Django's EmailValidator is not applied.
// Unicode comes from ICU (Debian's libicu): NFKC and the character classes need its tables.
#pragma once

#include <string>
#include <string_view>

#include "restjwt/expected.hpp"

namespace restjwt::cli {

// The username to store, or why Django would refuse it (Django's own words where it has some).
Expected<std::string, std::string> django_username(std::string_view raw);

// The email to store, or why Django would refuse it.
Expected<std::string, std::string> django_email(std::string_view raw);

}  // namespace restjwt::cli
