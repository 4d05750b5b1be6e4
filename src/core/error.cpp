#include "restjwt/error.hpp"

namespace restjwt {

ErrorClass error_class(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kSignatureExpired:
      return ErrorClass::kExpired;
    case ErrorCode::kTokenTooLong:
    case ErrorCode::kTokenMalformed:
    case ErrorCode::kBase64Invalid:
    case ErrorCode::kHeaderInvalid:
    case ErrorCode::kHeaderCritUnsupported:
    case ErrorCode::kSignatureLengthInvalid:
    case ErrorCode::kSignatureInvalid:
    case ErrorCode::kKeyUnknown:
    case ErrorCode::kUserSecretUnavailable:
    case ErrorCode::kUserMismatch:  // the signature is not the named user's
    case ErrorCode::kPayloadInvalid:
    case ErrorCode::kExpirationInvalid:
    case ErrorCode::kNotBeforeInvalid:
      return ErrorClass::kDecode;
    case ErrorCode::kAlgorithmNotAllowed:
    case ErrorCode::kUserSecretMissing:
    case ErrorCode::kExpirationMissing:
    case ErrorCode::kTokenImmature:
    case ErrorCode::kIssuedAtInvalid:
    case ErrorCode::kIssuerInvalid:
    case ErrorCode::kAudienceInvalid:
    case ErrorCode::kAudienceUnexpected:
    case ErrorCode::kOrigIatInvalid:
    case ErrorCode::kOrigIatInFuture:
    case ErrorCode::kTokenIdMissing:
      return ErrorClass::kOther;
    case ErrorCode::kPayloadUsernameMissing:
      return ErrorClass::kInvalidPayload;
    case ErrorCode::kUserNotFound:
      return ErrorClass::kUnknownUser;
    case ErrorCode::kUserDisabled:
      return ErrorClass::kDisabled;
    case ErrorCode::kOrigIatMissing:
      return ErrorClass::kOrigIatRequired;
    case ErrorCode::kRefreshExpired:
      return ErrorClass::kRefreshExpired;
    case ErrorCode::kTokenRevoked:
    case ErrorCode::kTokenIssuedBeforeCutoff:
      return ErrorClass::kRevoked;
    case ErrorCode::kInvalidCredentials:
      return ErrorClass::kBadCredentials;
    case ErrorCode::kAuthHeaderNoCredentials:
      return ErrorClass::kNoCredentials;
    case ErrorCode::kAuthHeaderHasSpaces:
      return ErrorClass::kCredentialsHaveSpaces;
    case ErrorCode::kNotAuthenticated:
      return ErrorClass::kNotAuthenticated;
    case ErrorCode::kRequestMalformed:
      return ErrorClass::kMalformedRequest;
    case ErrorCode::kBodyTooLarge:
      return ErrorClass::kBodyTooLarge;
    case ErrorCode::kHeaderTooLarge:
      return ErrorClass::kHeaderTooLarge;
    case ErrorCode::kServiceUnavailable:
      return ErrorClass::kUnavailable;
    case ErrorCode::kInternal:
      return ErrorClass::kServerError;
  }
  return ErrorClass::kServerError;  // unreachable: the switch is exhaustive
}

namespace {

std::string_view message_of(ErrorClass error, bool auth) noexcept {
  switch (error) {
    case ErrorClass::kExpired:
      return "Signature has expired.";
    case ErrorClass::kDecode:
      return "Error decoding signature.";
    case ErrorClass::kOther:
      // drf-jwt's authentication class says this; its serializers answered 500 there.
      return auth ? "Incorrect authentication credentials." : "Invalid token.";
    case ErrorClass::kInvalidPayload:
      return "Invalid payload.";
    case ErrorClass::kUnknownUser:
      return auth ? "Invalid signature." : "User doesn't exist.";
    case ErrorClass::kDisabled:
      return "User account is disabled.";
    case ErrorClass::kOrigIatRequired:
      return "orig_iat field is required.";
    case ErrorClass::kRefreshExpired:
      return "Refresh has expired.";
    case ErrorClass::kRevoked:
      // The words of drf-jwt's maintained fork (its blacklist app), on both surfaces.
      return "Token is blacklisted.";
    case ErrorClass::kBadCredentials:
      return "Unable to log in with provided credentials.";
    case ErrorClass::kNoCredentials:
      return "Invalid Authorization header. No credentials provided.";
    case ErrorClass::kCredentialsHaveSpaces:
      return "Invalid Authorization header. Credentials string should not contain spaces.";
    case ErrorClass::kNotAuthenticated:
      return "Authentication credentials were not provided.";
    case ErrorClass::kMalformedRequest:
      return "Malformed request.";
    case ErrorClass::kBodyTooLarge:
      return "Request body too large.";
    case ErrorClass::kHeaderTooLarge:
      return "Request header fields too large.";
    case ErrorClass::kUnavailable:
      return "Service temporarily unavailable, try again later.";
    case ErrorClass::kServerError:
      return "A server error occurred.";  // DRF's text
  }
  return "A server error occurred.";
}

int status_of(ErrorClass error, bool auth) noexcept {
  switch (error) {
    case ErrorClass::kMalformedRequest:
      return 400;
    case ErrorClass::kBodyTooLarge:
      return 413;
    case ErrorClass::kHeaderTooLarge:
      return 431;
    case ErrorClass::kUnavailable:
      return 503;
    case ErrorClass::kServerError:
      return 500;
    case ErrorClass::kExpired:
    case ErrorClass::kDecode:
    case ErrorClass::kOther:
    case ErrorClass::kInvalidPayload:
    case ErrorClass::kUnknownUser:
    case ErrorClass::kDisabled:
    case ErrorClass::kOrigIatRequired:
    case ErrorClass::kRefreshExpired:
    case ErrorClass::kRevoked:
    case ErrorClass::kBadCredentials:
    case ErrorClass::kNoCredentials:
    case ErrorClass::kCredentialsHaveSpaces:
    case ErrorClass::kNotAuthenticated:
      // The authentication class raises AuthenticationFailed (401); the serializers raise
      // ValidationError (400).
      return auth ? 401 : 400;
  }
  return 500;
}

}  // namespace

PublicError to_public(ErrorCode code, Surface surface) noexcept {
  const bool auth = surface == Surface::kAuthentication;
  const ErrorClass error = error_class(code);
  return PublicError{status_of(error, auth), message_of(error, auth)};
}

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kTokenTooLong:
      return "token_too_long";
    case ErrorCode::kTokenMalformed:
      return "token_malformed";
    case ErrorCode::kBase64Invalid:
      return "base64_invalid";
    case ErrorCode::kHeaderInvalid:
      return "header_invalid";
    case ErrorCode::kHeaderCritUnsupported:
      return "header_crit_unsupported";
    case ErrorCode::kAlgorithmNotAllowed:
      return "algorithm_not_allowed";
    case ErrorCode::kSignatureLengthInvalid:
      return "signature_length_invalid";
    case ErrorCode::kSignatureInvalid:
      return "signature_invalid";
    case ErrorCode::kKeyUnknown:
      return "key_unknown";
    case ErrorCode::kUserSecretUnavailable:
      return "user_secret_unavailable";
    case ErrorCode::kUserSecretMissing:
      return "user_secret_missing";
    case ErrorCode::kPayloadInvalid:
      return "payload_invalid";
    case ErrorCode::kExpirationMissing:
      return "expiration_missing";
    case ErrorCode::kExpirationInvalid:
      return "expiration_invalid";
    case ErrorCode::kSignatureExpired:
      return "signature_expired";
    case ErrorCode::kNotBeforeInvalid:
      return "not_before_invalid";
    case ErrorCode::kTokenImmature:
      return "token_immature";
    case ErrorCode::kIssuedAtInvalid:
      return "issued_at_invalid";
    case ErrorCode::kIssuerInvalid:
      return "issuer_invalid";
    case ErrorCode::kAudienceInvalid:
      return "audience_invalid";
    case ErrorCode::kAudienceUnexpected:
      return "audience_unexpected";
    case ErrorCode::kPayloadUsernameMissing:
      return "payload_username_missing";
    case ErrorCode::kUserNotFound:
      return "user_not_found";
    case ErrorCode::kUserMismatch:
      return "user_mismatch";
    case ErrorCode::kUserDisabled:
      return "user_disabled";
    case ErrorCode::kOrigIatMissing:
      return "orig_iat_missing";
    case ErrorCode::kOrigIatInvalid:
      return "orig_iat_invalid";
    case ErrorCode::kOrigIatInFuture:
      return "orig_iat_in_future";
    case ErrorCode::kRefreshExpired:
      return "refresh_expired";
    case ErrorCode::kTokenIdMissing:
      return "token_id_missing";
    case ErrorCode::kTokenRevoked:
      return "token_revoked";
    case ErrorCode::kTokenIssuedBeforeCutoff:
      return "token_issued_before_cutoff";
    case ErrorCode::kInvalidCredentials:
      return "invalid_credentials";
    case ErrorCode::kAuthHeaderNoCredentials:
      return "auth_header_no_credentials";
    case ErrorCode::kAuthHeaderHasSpaces:
      return "auth_header_has_spaces";
    case ErrorCode::kNotAuthenticated:
      return "not_authenticated";
    case ErrorCode::kRequestMalformed:
      return "request_malformed";
    case ErrorCode::kBodyTooLarge:
      return "body_too_large";
    case ErrorCode::kHeaderTooLarge:
      return "header_too_large";
    case ErrorCode::kServiceUnavailable:
      return "service_unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace restjwt
