// OPTIONS answers: DRF's SimpleMetadata for each view, byte for byte (SPEC §13, §11).
#include <cctype>

#include "views/responses.hpp"
#include "views/view_context.hpp"

namespace restjwt::detail {
namespace {

constexpr std::string_view kRendersParses =
    R"("renders":["application/json","text/html"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"])";

std::string string_field(std::string_view name, std::string_view label) {
  return json_string(name) + R"(:{"type":"string","required":true,"read_only":false,"label":)" +
         json_string(label) + "}";
}

// DRF's label: the field name with underscores as spaces, first letter capitalised.
std::string label_for(std::string name) {
  for (char& c : name) {
    if (c == '_') c = ' ';
  }
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

std::string metadata(std::string_view name, std::string_view description,
                     const std::string& actions) {
  std::string body = "{\"name\":" + json_string(name) +
                     ",\"description\":" + json_string(description) + "," +
                     std::string(kRendersParses);
  if (!actions.empty()) body.append(R"(,"actions":{"POST":{)").append(actions).append("}}");
  body += "}";
  return body;
}

}  // namespace

std::string obtain_metadata(const std::string& username_field) {
  return metadata("Obtain Json Web Token",
                  "API View that receives a POST with a user's username and password.\n\nReturns a "
                  "JSON Web Token that can be used for authenticated requests.",
                  string_field(username_field, label_for(username_field)) + "," +
                      string_field("password", "Password"));
}

std::string verify_metadata() {
  return metadata(
      "Verify Json Web Token",
      "API View that checks the veracity of a token, returning the token if it\nis valid.",
      string_field("token", "Token"));
}

std::string refresh_metadata() {
  return metadata(
      "Refresh Json Web Token",
      "API View that returns a refreshed token (with new expiration) based on\nexisting "
      "token\n\nIf 'orig_iat' field (original issued-at-time) is found, will first check\nif "
      "it's within expiration window, then copy it to the new token",
      string_field("token", "Token"));
}

std::string user_metadata() {
  return metadata("User", "Returns the user authenticated by the JSON Web Token.", "");
}

}  // namespace restjwt::detail
