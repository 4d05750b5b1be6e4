// Error codes and their user-facing text.
//
// One closed enum with a precise value per cause (jwt_verify_lib's model). The precise code goes to
// logs and metrics; clients see the coarse, exact drf-jwt text chosen by to_public(code, surface).
// Every switch over ErrorCode is exhaustive without `default:` and compiled with -Werror=switch,
// so a new code cannot ship unmapped.
#pragma once

#include <cstdint>
#include <string_view>

namespace restjwt {

enum class ErrorCode : std::uint8_t {
  // SPEC §5.1: token syntax (class: decode).
  kTokenTooLong,    // more than 8 KiB
  kTokenMalformed,  // not exactly three segments
  kBase64Invalid,   // a segment is not strict unpadded base64url
  // SPEC §5.2: header.
  kHeaderInvalid,          // not UTF-8 JSON, not an object, duplicate keys (decode)
  kHeaderCritUnsupported,  // a `crit` member (decode)
  kAlgorithmNotAllowed,    // `alg` missing, `none`, or not the configured one (other)
  // SPEC §5.3: signature (decode).
  kSignatureLengthInvalid,  // wrong length for the algorithm, checked before any crypto
  kSignatureInvalid,        // does not verify with the configured key
  kUserSecretUnavailable,   // per-user secret: no user with the token's user_id (§15.1)
  // SPEC §5.4: payload (decode).
  kPayloadInvalid,  // not UTF-8 JSON, not an object, duplicate keys, nested too deep
  // SPEC §5.5: claims.
  kExpirationMissing,   // `exp` absent while expiry is verified (other, §15.3)
  kExpirationInvalid,   // `exp` not a finite JSON number (decode)
  kSignatureExpired,    // exp < now - leeway (expired)
  kNotBeforeInvalid,    // `nbf` not a number (decode)
  kTokenImmature,       // nbf > now + leeway (other)
  kIssuedAtInvalid,     // `iat` not a number (other)
  kIssuerInvalid,       // `iss` missing or different from JWT_ISSUER (other)
  kAudienceInvalid,     // `aud` missing or not matching JWT_AUDIENCE (other)
  kAudienceUnexpected,  // `aud` present while JWT_AUDIENCE is unset (other)
  // SPEC §6: the user behind a good token.
  kPayloadUsernameMissing,  // `username` missing, null or "" (invalid payload)
  kUserNotFound,            // no such user, or `username` not a string (unknown user)
  kUserMismatch,            // per-user secret: user_id and username name different users (§15.5)
  kUserDisabled,            // is_active false (disabled)
  // SPEC §9: refresh.
  kOrigIatMissing,   // `orig_iat` missing or falsy
  kOrigIatInvalid,   // `orig_iat` neither falsy nor a number (§15.1)
  kOrigIatInFuture,  // `orig_iat` beyond now + leeway (§15.12)
  kRefreshExpired,   // now > orig_iat + JWT_REFRESH_EXPIRATION_DELTA
  // SPEC §8: obtain.
  kInvalidCredentials,  // wrong password, unknown user, unusable password, inactive user
  // SPEC §11: the Authorization header.
  kAuthHeaderNoCredentials,  // the prefix alone
  kAuthHeaderHasSpaces,      // the prefix and two or more words
  kNotAuthenticated,         // anonymous on a protected route
  // Server-side conditions (§15.1).
  kServiceUnavailable,  // worker pool full or database unreachable
  kInternal,            // an unexpected fault; logged, never detailed to the client
};

// Where an error is reported; drf-jwt words the same cause differently per surface.
enum class Surface : std::uint8_t {
  kAuthentication,  // JSONWebTokenAuthentication: 401 {"detail": …}
  kTokenView,       // verify and refresh serializers: 400 {"non_field_errors": […]}
  kObtain,          // the obtain serializer: 400 {"non_field_errors": […]}
};

// The coarse classes of SPEC §5–§9 that decide the text.
enum class ErrorClass : std::uint8_t {
  kExpired,
  kDecode,
  kOther,
  kInvalidPayload,
  kUnknownUser,
  kDisabled,
  kOrigIatRequired,
  kRefreshExpired,
  kBadCredentials,
  kNoCredentials,
  kCredentialsHaveSpaces,
  kNotAuthenticated,
  kUnavailable,
  kServerError,
};

ErrorClass error_class(ErrorCode code) noexcept;

// The exact drf-jwt message for `code` on `surface` (SPEC §7, §8, §9, §11).
std::string_view to_public(ErrorCode code, Surface surface) noexcept;

// A stable identifier for logs and metrics, e.g. "signature_invalid".
std::string_view to_string(ErrorCode code) noexcept;

}  // namespace restjwt
