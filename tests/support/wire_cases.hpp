// The wire contract (docs/wire-contract.md) as data: one request and the exact answer expected. The
// library-level suite (tests/unit/views) and the HTTP suite over real sockets (tests/integration)
// replay the same table, against the same users (seed_wire_users).
#pragma once

#include <string>
#include <vector>

#include "restjwt/http.hpp"

// The cases are laid out one per line, as a table: clang-format would fold them.
// clang-format off
namespace restjwt::testing {

struct WireCase {
  std::string name;
  std::string method;
  std::string target;
  HeaderList headers;  // Content-Type included when the case sends one
  std::string body;
  int status;
  // The exact body; a trailing '*' makes it a prefix.
  std::string expected_body;
  HeaderList expected_headers;  // each must be present with exactly this value
};

// Users every case may rely on: alice (password "s3cret pass", alice@example.com), carol
// (password "123"), dave (inactive, password "right").
struct WireUser {
  std::string username;
  std::string password;
  bool active;
  std::string email;
};
inline std::vector<WireUser> wire_users() {
  return {{"alice", "s3cret pass", true, "alice@example.com"},
          {"carol", "123", true, ""},
          {"dave", "right", false, ""}};
}

inline bool body_matches(const std::string& expected, const std::string& actual) {
  if (!expected.empty() && expected.back() == '*') {
    return actual.starts_with(expected.substr(0, expected.size() - 1));
  }
  return actual == expected;
}

inline WireCase post_json(std::string name, std::string body, int status, std::string expected,
                          std::string target = "/api-token-auth/") {
  return WireCase{std::move(name), "POST", std::move(target), {{"Content-Type", "application/json"}},
                  std::move(body), status, std::move(expected), {}};
}

inline WireCase post_typed(std::string name, std::string content_type, std::string body, int status,
                           std::string expected) {
  HeaderList headers;
  if (!content_type.empty()) headers.emplace_back("Content-Type", std::move(content_type));
  return WireCase{std::move(name), "POST", "/api-token-auth/", std::move(headers), std::move(body),
                  status, std::move(expected), {}};
}

inline const std::string kRequiredBoth =
    R"({"username":["This field is required."],"password":["This field is required."]})";
inline const std::string kBadCredentials =
    R"({"non_field_errors":["Unable to log in with provided credentials."]})";
inline const std::string kTokenPrefix = R"({"token":"*)";

inline std::vector<WireCase> wire_cases() {
  const HeaderList json_headers{{"Content-Type", "application/json"},
                                {"Vary", "Accept"},
                                {"Allow", "POST, OPTIONS"},
                                {"X-Frame-Options", "DENY"},
                                {"X-Content-Type-Options", "nosniff"},
                                {"Referrer-Policy", "same-origin"}};
  std::vector<WireCase> cases{
      post_json("EmptyObject", "{}", 400, kRequiredBoth),
      post_typed("NoBodyWhateverType", "text/plain", "", 400, kRequiredBoth),
      post_typed("NoBodyNoType", "", "", 400, kRequiredBoth),
      post_json("NullFields", R"({"username":null,"password":null})", 400,
                R"({"username":["This field may not be null."],"password":["This field may not be null."]})"),
      post_json("BlankFields", R"({"username":"","password":"  "})", 400,
                R"({"username":["This field may not be blank."],"password":["This field may not be blank."]})"),
      post_json("NotStrings", R"({"username":true,"password":[1]})", 400,
                R"({"username":["Not a valid string."],"password":["Not a valid string."]})"),
      post_json("ObjectField", R"({"username":{},"password":"x"})", 400, R"({"username":["Not a valid string."]})"),
      // DRF's CharField runs Django's ProhibitNullCharactersValidator after the blank check.
      post_json("NullCharacters", R"({"username":"alice\u0000x","password":"s3cret pass\u0000"})", 400,
                R"({"username":["Null characters are not allowed."],"password":["Null characters are not allowed."]})"),
      post_json("NullCharacterAloneIsNotBlank", R"({"username":"\u0000","password":" "})", 400,
                R"({"username":["Null characters are not allowed."],"password":["This field may not be blank."]})"),
      post_typed("FormNullCharacter", "application/x-www-form-urlencoded", "username=alice%00&password=x", 400,
                 R"({"username":["Null characters are not allowed."]})"),
      post_json("VerifyNullCharacter", R"({"token":"a.b.c\u0000"})", 400,
                R"({"token":["Null characters are not allowed."]})", "/api-token-verify/"),
      post_json("LoneSurrogatesAreRefusedByTheField", R"({"username":"al\ud800ice","password":"\udc00\u0000"})", 400,
                R"({"username":["Surrogate characters are not allowed: U+D800."],"password":["Null characters are not allowed.","Surrogate characters are not allowed: U+DC00."]})"),
      post_json("OnlyPasswordMissing", R"({"username":"alice"})", 400, R"({"password":["This field is required."]})"),
      post_json("WrongPassword", R"({"username":"alice","password":"nope"})", 400, kBadCredentials),
      post_json("UnknownUser", R"({"username":"nobody","password":"x"})", 400, kBadCredentials),
      post_json("InactiveUser", R"({"username":"dave","password":"right"})", 400, kBadCredentials),
      post_json("UsernameIsCaseSensitive", R"({"username":"Alice","password":"s3cret pass"})", 400, kBadCredentials),
      post_json("PasswordIsNotTrimmed", R"({"username":"alice","password":" s3cret pass "})", 400, kBadCredentials),
      post_json("JsonNull", "null", 400, R"({"non_field_errors":["No data provided"]})"),
      post_json("JsonList", "[]", 400, R"({"non_field_errors":["Invalid data. Expected a dictionary, but got list."]})"),
      post_json("JsonString", "\"x\"", 400, R"({"non_field_errors":["Invalid data. Expected a dictionary, but got str."]})"),
      post_json("JsonInt", "12", 400, R"({"non_field_errors":["Invalid data. Expected a dictionary, but got int."]})"),
      post_json("JsonFloat", "1.5", 400, R"({"non_field_errors":["Invalid data. Expected a dictionary, but got float."]})"),
      post_json("JsonBool", "true", 400, R"({"non_field_errors":["Invalid data. Expected a dictionary, but got bool."]})"),
      post_json("MalformedJson", "{\"username\":", 400,
                R"json({"detail":"JSON parse error - Expecting value: line 1 column 13 (char 12)"})json"),
      post_json("NaNIsRefused", R"({"username":NaN})", 400,
                R"({"detail":"JSON parse error - Out of range float values are not JSON compliant: 'NaN'"})"),
      post_json("InvalidUtf8", "{\"username\":\"\xff\"}", 400,
                R"({"detail":"JSON parse error - 'utf-8' codec can't decode byte 0xff in position 13: invalid start byte"})"),
      post_json("Bom", "\xEF\xBB\xBF{}", 400,
                R"json({"detail":"JSON parse error - Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)"})json"),
      // DRF's stream decoder drops an incomplete character at the very end.
      post_json("IncompleteUtf8AtTheEnd", "{\"username\":\"alice\",\"password\":\"s3cret pass\"}\xE2\x82", 200,
                kTokenPrefix),
      post_json("DeepNestingIsRead", R"({"username":"alice","password":"s3cret pass","x":)" + std::string(30000, '[') +
                std::string(30000, ']') + "}", 200, kTokenPrefix),
      post_typed("NoContentType", "", "{}", 415, R"({"detail":"Unsupported media type \"\" in request."})"),
      post_typed("OtherContentType", "text/plain; charset=utf-8", "{}", 415,
                 R"({"detail":"Unsupported media type \"text/plain; charset=utf-8\" in request."})"),
      post_typed("MultipartWithoutBoundary", "multipart/form-data", "x", 400,
                 R"({"detail":"Multipart form parse error - Invalid boundary in multipart: None"})"),
      post_json("DuplicateKeysLastWins", R"({"username":"nobody","username":"alice","password":"s3cret pass"})", 200, kTokenPrefix),
      post_typed("MediaTypeCaseAndParams", "Application/JSON; charset=utf-8",
                 R"({"username":"alice","password":"s3cret pass"})", 200, kTokenPrefix),
      post_json("NumberAsText", R"({"username":"carol","password":123})", 200, kTokenPrefix),
      post_json("UsernameTrimmed", R"({"username":"  alice\t","password":"s3cret pass"})", 200, kTokenPrefix),
      post_typed("Form", "application/x-www-form-urlencoded", "username=alice&password=s3cret+pass", 200, kTokenPrefix),
      post_typed("FormRepeatedFieldLastWins", "application/x-www-form-urlencoded",
                 "username=bob&username=alice&password=s3cret%20pass", 200, kTokenPrefix),
      post_typed("FormMissing", "application/x-www-form-urlencoded", "other=1", 400, kRequiredBoth),
      post_typed("Multipart", "multipart/form-data; boundary=XyZ",
                 "--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nalice\r\n"
                 "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\ns3cret pass\r\n--XyZ--\r\n",
                 200, kTokenPrefix),
      post_typed("MultipartWithoutTheClosingDelimiter", "multipart/form-data; boundary=XyZ",
                 "--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nalice\r\n", 400,
                 R"({"password":["This field is required."]})"),
      post_json("UnknownFieldsIgnored", R"({"username":"alice","password":"s3cret pass","extra":[1,2]})", 200, kTokenPrefix),
      post_json("VerifyGarbage", R"({"token":"abc"})", 400, R"({"non_field_errors":["Error decoding signature."]})",
                "/api-token-verify/"),
      post_json("VerifyRequired", "{}", 400, R"({"token":["This field is required."]})", "/api-token-verify/"),
      post_json("RefreshGarbage", R"({"token":"a.b.c"})", 400, R"({"non_field_errors":["Error decoding signature."]})",
                "/api-token-refresh/"),
      WireCase{"GetIsNotAllowed", "GET", "/api-token-auth/", {}, "", 405,
               R"({"detail":"Method \"GET\" not allowed."})", json_headers},
      WireCase{"PutIsNotAllowed", "PUT", "/api-token-refresh/", {}, "", 405,
               R"({"detail":"Method \"PUT\" not allowed."})", {{"Allow", "POST, OPTIONS"}}},
      WireCase{"HeadIsNotAllowedWithoutBody", "HEAD", "/api-token-verify/", {}, "", 405, "", {}},
      WireCase{"HeadDeclaresTheLengthOfTheBody", "HEAD", "/api-token-auth/", {}, "", 405, "",
               {{"Content-Length", "41"}, {"Allow", "POST, OPTIONS"}}},
      WireCase{"FormatOverrideUnknownIsNotFound", "POST", "/api-token-auth/?format=xml",
               {{"Content-Type", "application/json"}}, "{}", 404, R"({"detail":"Not found."})", json_headers},
      WireCase{"FormatOverrideBeforeAuthentication", "GET", "/api/user/?x=1&format=yaml", {}, "", 404,
               R"({"detail":"Not found."})", {{"Allow", "GET, POST, HEAD, OPTIONS"}}},
      WireCase{"FormatJsonKeepsOnlyJson", "POST", "/api-token-verify/?format=json", {{"Accept", "text/html"}}, "",
               406, R"({"detail":"Could not satisfy the request Accept header."})", {}},
      WireCase{"FormatApiIsAnsweredInJson", "POST", "/api-token-verify/?format=api", {}, "", 400,
               R"({"token":["This field is required."]})", {{"Content-Type", "application/json"}}},
      WireCase{"NotAcceptableBeforeMethod", "GET", "/api-token-auth/", {{"Accept", "application/xml"}}, "", 406,
               R"({"detail":"Could not satisfy the request Accept header."})", {{"Allow", "POST, OPTIONS"}}},
      WireCase{"HtmlGetsJson", "POST", "/api-token-verify/", {{"Accept", "text/html"}}, "", 400,
               R"({"token":["This field is required."]})", {{"Content-Type", "application/json"}}},
      WireCase{"UnknownPath", "GET", "/nope/", {}, "", 404, R"({"detail":"Not found."})",
               {{"Content-Type", "application/json"}}},
      WireCase{"MissingSlashRedirects", "POST", "/api-token-auth?x=1", {}, "", 301, "",
               {{"Location", "/api-token-auth/?x=1"}}},
      WireCase{"RedirectKeepsTheQueryAsSent", "GET", "/api-token-auth?q=a%26b&r=%2F&s=a+b", {}, "", 301, "",
               {{"Location", "/api-token-auth/?q=a%26b&r=%2F&s=a+b"}}},
      WireCase{"RedirectWithAnEmptyQuery", "POST", "/api-token-verify?", {}, "", 301, "",
               {{"Location", "/api-token-verify/"}}},
      WireCase{"PercentEncodedPathIsRouted", "GET", "/api%2Dtoken-auth/", {}, "", 405,
               R"({"detail":"Method \"GET\" not allowed."})", {{"Allow", "POST, OPTIONS"}}},
      WireCase{"PercentEncodedPathRedirects", "GET", "/api-token-aut%68", {}, "", 301, "",
               {{"Location", "/api-token-auth/"}}},
      WireCase{"MethodIsUpperCasedInTheMessage", "get", "/api-token-auth/", {}, "", 405,
               R"({"detail":"Method \"GET\" not allowed."})", {}},
      WireCase{"IndentedJsonWhenAcceptAsksForIt", "POST", "/api-token-verify/",
               {{"Accept", "application/json; indent=4"}}, "", 400,
               "{\n    \"token\": [\n        \"This field is required.\"\n    ]\n}", {}},
      WireCase{"IndentFromAWildcardAccept", "GET", "/api/user/", {{"Accept", "text/plain, */*; indent=2"}}, "", 401,
               "{\n  \"detail\": \"Authentication credentials were not provided.\"\n}", {}},
      WireCase{"IndentLikePythonsInt", "POST", "/api-token-verify/",
               {{"Accept", "application/json; indent=1; indent=0000000002_0"}}, "", 400,
               "{\n        \"token\": [\n                \"This field is required.\"\n        ]\n}", {}},
      WireCase{"AnUnknownFormatIsACompactNotFound", "GET", "/api-token-auth/?format=xml",
               {{"Accept", "application/json; indent=4"}}, "", 404, R"({"detail":"Not found."})", {}},
      WireCase{"RedirectQueryBytesAreLatin1AsInWsgi", "GET", "/api-token-auth?q=\xC3\xA9", {}, "", 301, "",
               {{"Location", "/api-token-auth/?q=%C3%83%C2%A9"}}},
      WireCase{"IndentZeroIsCompact", "POST", "/api-token-verify/", {{"Accept", "application/json; indent=0"}}, "",
               400, R"({"token":["This field is required."]})", {}},
      WireCase{"TwoAuthorizationHeadersAreOneList", "GET", "/api/user/",
               {{"Authorization", "JWT abc"}, {"Authorization", "JWT def"}}, "", 401,
               R"({"detail":"Invalid Authorization header. Credentials string should not contain spaces."})", {}},
      WireCase{"OptionsMetadata", "OPTIONS", "/api-token-refresh/", {}, "", 200,
               R"({"name":"Refresh Json Web Token","description":"API View that returns a refreshed token (with new expiration) based on\nexisting token\n\nIf 'orig_iat' field (original issued-at-time) is found, will first check\nif it's within expiration window, then copy it to the new token","renders":["application/json","text/html"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"],"actions":{"POST":{"token":{"type":"string","required":true,"read_only":false,"label":"Token"}}}})",
               json_headers},
      WireCase{"UserRouteAnonymous", "GET", "/api/user/", {}, "", 401,
               R"({"detail":"Authentication credentials were not provided."})",
               {{"WWW-Authenticate", "JWT realm=\"api\""}, {"Allow", "GET, POST, HEAD, OPTIONS"}}},
      WireCase{"UserRouteOtherScheme", "GET", "/api/user/", {{"Authorization", "Bearer abc"}}, "", 401,
               R"({"detail":"Authentication credentials were not provided."})", {}},
      WireCase{"UserRoutePrefixAlone", "GET", "/api/user/", {{"Authorization", "JWT"}}, "", 401,
               R"({"detail":"Invalid Authorization header. No credentials provided."})",
               {{"WWW-Authenticate", "JWT realm=\"api\""}}},
      WireCase{"UserRouteSpaces", "POST", "/api/user/", {{"Authorization", "jwt a b"}}, "", 401,
               R"({"detail":"Invalid Authorization header. Credentials string should not contain spaces."})", {}},
      WireCase{"UserRouteGarbage", "GET", "/api/user/", {{"Authorization", "JWT abc"}}, "", 401,
               R"({"detail":"Error decoding signature."})", {}},
      WireCase{"UserRoutePutAnonymousIs401", "PUT", "/api/user/", {}, "", 401,
               R"({"detail":"Authentication credentials were not provided."})", {}},
  };
  return cases;
}

}  // namespace restjwt::testing
// clang-format on
