#include "views/metadata.hpp"

#include <cctype>

#include "views/responses.hpp"

namespace restjwt::detail {
namespace {

constexpr std::string_view kRendersParses =
    R"("renders":["application/json","text/html"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"])";

// DRF's label: the field name with underscores as spaces, first letter capitalised.
std::string label_for(std::string name) {
  for (char& c : name) {
    if (c == '_') c = ' ';
  }
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

std::string string_field(const std::string& name, bool read_only) {
  return json_string(name) +
         (read_only ? R"(:{"type":"string","required":false,"read_only":true,"label":)"
                    : R"(:{"type":"string","required":true,"read_only":false,"label":)") +
         json_string(label_for(name)) + "}";
}

}  // namespace

std::string view_metadata(std::string_view name, std::string_view description,
                          const std::vector<std::string>& post_fields,
                          const std::vector<std::string>& read_only_fields) {
  std::string body = "{\"name\":" + json_string(name) +
                     ",\"description\":" + json_string(description) + "," +
                     std::string(kRendersParses);
  if (!post_fields.empty()) {
    body += R"(,"actions":{"POST":{)";
    for (std::size_t i = 0; i < post_fields.size(); ++i) {
      if (i > 0) body += ',';
      body += string_field(post_fields[i], false);
    }
    for (const std::string& field : read_only_fields) body += "," + string_field(field, true);
    body += "}}";
  }
  body += "}";
  return body;
}

}  // namespace restjwt::detail
