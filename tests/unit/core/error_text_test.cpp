// Golden table: every ErrorCode's exact status and text on every surface, written from the wire
// contract (docs/wire-contract.md) rather than from the code. A changed message or status, or a
// new code without a row, fails here.
#include <set>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "restjwt/error.hpp"

namespace restjwt {
namespace {

struct Row {
  ErrorCode code;
  std::string_view authentication;  // {"detail": …}, 401 unless the row says otherwise
  std::string_view token_view;      // obtain / verify / refresh {"non_field_errors": […]}, 400
  int auth_status = 401;
  int view_status = 400;
};

constexpr std::string_view kExpired = "Signature has expired.";
constexpr std::string_view kDecode = "Error decoding signature.";
constexpr std::string_view kOtherAuth = "Incorrect authentication credentials.";
constexpr std::string_view kOtherView = "Invalid token.";

// Every ErrorCode, in declaration order.
constexpr Row kRows[] = {
    {ErrorCode::kTokenTooLong, kDecode, kDecode},
    {ErrorCode::kTokenMalformed, kDecode, kDecode},
    {ErrorCode::kBase64Invalid, kDecode, kDecode},
    {ErrorCode::kHeaderInvalid, kDecode, kDecode},
    {ErrorCode::kHeaderCritUnsupported, kDecode, kDecode},
    {ErrorCode::kAlgorithmNotAllowed, kOtherAuth, kOtherView},
    {ErrorCode::kSignatureLengthInvalid, kDecode, kDecode},
    {ErrorCode::kSignatureInvalid, kDecode, kDecode},
    {ErrorCode::kKeyUnknown, kDecode, kDecode},
    {ErrorCode::kUserSecretUnavailable, kDecode, kDecode},    // drf-jwt: 500
    {ErrorCode::kUserSecretMissing, kOtherAuth, kOtherView},  // drf-jwt: 500
    {ErrorCode::kPayloadInvalid, kDecode, kDecode},
    {ErrorCode::kExpirationMissing, kOtherAuth, kOtherView},  // drf-jwt: never expired
    {ErrorCode::kExpirationInvalid, kDecode, kDecode},
    {ErrorCode::kSignatureExpired, kExpired, kExpired},
    {ErrorCode::kNotBeforeInvalid, kDecode, kDecode},
    {ErrorCode::kTokenImmature, kOtherAuth, kOtherView},
    {ErrorCode::kIssuedAtInvalid, kOtherAuth, kOtherView},
    {ErrorCode::kIssuerInvalid, kOtherAuth, kOtherView},
    {ErrorCode::kAudienceInvalid, kOtherAuth, kOtherView},
    {ErrorCode::kAudienceUnexpected, kOtherAuth, kOtherView},
    {ErrorCode::kPayloadUsernameMissing, "Invalid payload.", "Invalid payload."},
    {ErrorCode::kUserNotFound, "Invalid signature.", "User doesn't exist."},
    {ErrorCode::kUserMismatch, kDecode, kDecode},  // not the named user's signature
    {ErrorCode::kUserDisabled, "User account is disabled.", "User account is disabled."},
    {ErrorCode::kOrigIatMissing, "orig_iat field is required.", "orig_iat field is required."},
    {ErrorCode::kOrigIatInvalid, kOtherAuth, kOtherView},  // drf-jwt: 500
    {ErrorCode::kOrigIatInFuture, kOtherAuth, kOtherView},
    {ErrorCode::kRefreshExpired, "Refresh has expired.", "Refresh has expired."},
    {ErrorCode::kTokenIdMissing, kOtherAuth, kOtherView},
    {ErrorCode::kTokenRevoked, "Token is blacklisted.", "Token is blacklisted."},
    {ErrorCode::kTokenIssuedBeforeCutoff, "Token is blacklisted.", "Token is blacklisted."},
    {ErrorCode::kInvalidCredentials, "Unable to log in with provided credentials.",
     "Unable to log in with provided credentials."},
    {ErrorCode::kAuthHeaderNoCredentials, "Invalid Authorization header. No credentials provided.",
     "Invalid Authorization header. No credentials provided."},
    {ErrorCode::kAuthHeaderHasSpaces,
     "Invalid Authorization header. Credentials string should not contain spaces.",
     "Invalid Authorization header. Credentials string should not contain spaces."},
    {ErrorCode::kNotAuthenticated, "Authentication credentials were not provided.",
     "Authentication credentials were not provided."},
    {ErrorCode::kRequestMalformed, "Malformed request.", "Malformed request.", 400, 400},
    {ErrorCode::kBodyTooLarge, "Request body too large.", "Request body too large.", 413, 413},
    {ErrorCode::kHeaderTooLarge, "Request header fields too large.",
     "Request header fields too large.", 431, 431},
    {ErrorCode::kServiceUnavailable, "Service temporarily unavailable, try again later.",
     "Service temporarily unavailable, try again later.", 503, 503},
    {ErrorCode::kInternal, "A server error occurred.", "A server error occurred.", 500, 500},
};

TEST(ErrorText, EveryCodeHasItsStatusAndTextOnEverySurface) {
  for (const auto& row : kRows) {
    SCOPED_TRACE(std::string(to_string(row.code)));
    EXPECT_EQ(to_public(row.code, Surface::kAuthentication),
              (PublicError{row.auth_status, row.authentication}));
    EXPECT_EQ(to_public(row.code, Surface::kTokenView),
              (PublicError{row.view_status, row.token_view}));
  }
}

TEST(ErrorText, TheTableCoversEveryCode) {
  // The enum is dense from 0 to kInternal; the table lists it in order.
  ASSERT_EQ(std::size(kRows), static_cast<std::size_t>(ErrorCode::kInternal) + 1);
  for (std::size_t i = 0; i < std::size(kRows); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(kRows[i].code), i);
  }
}

TEST(ErrorText, LogNamesAreDistinctSnakeCase) {
  std::set<std::string_view> names;
  for (const auto& row : kRows) {
    const auto name = to_string(row.code);
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_"),
              std::string_view::npos)
        << name;
  }
}

}  // namespace
}  // namespace restjwt
