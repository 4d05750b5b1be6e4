// Error codes and what the client sees of them.
//
// One closed enum with a precise value per cause (jwt_verify_lib's model). The precise code goes to
// logs and metrics; clients see the HTTP status and the coarse, exact drf-jwt text that
// to_public(code, surface) chooses — the one place that maps errors to answers. Every switch over
// ErrorCode is exhaustive without `default:` and compiled with -Werror=switch, so a new code cannot
// ship unmapped. docs/wire-contract.md lists every message.
#pragma once

#include <cstdint>
#include <string_view>

namespace restjwt {

enum class ErrorCode : std::uint8_t {
  // Token syntax (class: decode).
  kTokenTooLong,    // more than 8 KiB
  kTokenMalformed,  // not exactly three segments
  kBase64Invalid,   // a segment is not strict unpadded base64url
  // The token's header.
  kHeaderInvalid,          // not UTF-8 JSON, not an object, duplicate keys (decode)
  kHeaderCritUnsupported,  // a `crit` member (decode)
  kAlgorithmNotAllowed,    // `alg` missing, `none`, or not the configured one (other)
  // The signature (decode).
  kSignatureLengthInvalid,  // wrong length for the algorithm, checked before any crypto
  kSignatureInvalid,        // does not verify with the configured key
  kKeyUnknown,              // key ring or remote key set: no key has the header's kid
  kUserSecretUnavailable,   // per-user secret: no user with the token's user_id (drf-jwt: 500)
  kUserSecretMissing,       // per-user secret: the user's secret is NULL or empty (other; was 500)
  // The payload (decode).
  kPayloadInvalid,  // not UTF-8 JSON, not an object, duplicate keys, nested too deep
  // The claims.
  kExpirationMissing,   // `exp` absent while expiry is verified (other; drf-jwt: never expires)
  kExpirationInvalid,   // `exp` not a finite JSON number (decode)
  kSignatureExpired,    // exp < now - leeway (expired)
  kNotBeforeInvalid,    // `nbf` not a number (decode)
  kTokenImmature,       // nbf > now + leeway (other)
  kIssuedAtInvalid,     // `iat` not a number (other)
  kIssuerInvalid,       // `iss` missing or different from JWT_ISSUER (other)
  kAudienceInvalid,     // `aud` missing or not matching JWT_AUDIENCE (other)
  kAudienceUnexpected,  // `aud` present while JWT_AUDIENCE is unset (other)
  // The user behind a good token.
  kPayloadUsernameMissing,  // `username` missing, null or "" (invalid payload)
  kUserNotFound,            // no such user, or `username` not a string (unknown user)
  kUserMismatch,            // per-user secret: user_id and username name different users
  kUserDisabled,            // is_active false (disabled)
  // Refresh.
  kOrigIatMissing,   // `orig_iat` missing or falsy
  kOrigIatInvalid,   // `orig_iat` neither falsy nor a number (drf-jwt: 500)
  kOrigIatInFuture,  // `orig_iat` beyond now + leeway
  kRefreshExpired,   // now > orig_iat + JWT_REFRESH_EXPIRATION_DELTA
  // Revocation (JWT_TOKEN_ID on; docs/sessions.md).
  kTokenIdMissing,           // JWT_TOKEN_ID = "require" and no string `jti` (other)
  kTokenRevoked,             // the token's jti or its chain's orig_jti was revoked (revoked)
  kTokenIssuedBeforeCutoff,  // issued before the user's cut-off: logged out everywhere (revoked)
  // Obtain.
  kInvalidCredentials,  // wrong password, unknown user, unusable password, inactive user
  // The Authorization header.
  kAuthHeaderNoCredentials,  // the prefix alone
  kAuthHeaderHasSpaces,      // the prefix and two or more words
  kNotAuthenticated,         // anonymous on a protected route
  // The HTTP request itself, refused by the server before any view sees it.
  kRequestMalformed,  // unparsable or ambiguous framing (the connection is closed)
  kBodyTooLarge,      // Content-Length over the body limit
  kHeaderTooLarge,    // request line and headers over the header limit
  // Server-side conditions: never the client's fault, always logged with their cause.
  kServiceUnavailable,  // worker pool full or database unreachable
  kInternal,            // an unexpected fault; logged, never detailed to the client
};

// Where an error is reported; drf-jwt words the same cause differently per surface.
enum class Surface : std::uint8_t {
  kAuthentication,  // JSONWebTokenAuthentication: 401 {"detail": …}
  kTokenView,       // the obtain, verify and refresh serializers: 400 {"non_field_errors": […]}
};

// The coarse classes of the wire contract that decide the text.
enum class ErrorClass : std::uint8_t {
  kExpired,
  kDecode,
  kOther,
  kInvalidPayload,
  kUnknownUser,
  kDisabled,
  kOrigIatRequired,
  kRefreshExpired,
  kRevoked,
  kBadCredentials,
  kNoCredentials,
  kCredentialsHaveSpaces,
  kNotAuthenticated,
  kMalformedRequest,
  kBodyTooLarge,
  kHeaderTooLarge,
  kUnavailable,
  kServerError,
};

ErrorClass error_class(ErrorCode code) noexcept;

// What a client is answered for `code` on `surface`: the HTTP status and the exact message.
struct PublicError {
  int status = 500;
  std::string_view message;
  friend bool operator==(const PublicError&, const PublicError&) = default;
};
PublicError to_public(ErrorCode code, Surface surface) noexcept;

// A stable identifier for logs and metrics, e.g. "signature_invalid".
std::string_view to_string(ErrorCode code) noexcept;

}  // namespace restjwt
