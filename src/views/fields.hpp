// DRF CharField validation of the serializer fields (docs/wire-contract.md §3): the username field,
// password and token, with the exact error strings.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "views/request_data.hpp"

namespace restjwt::detail {

struct FieldSpec {
  std::string name;
  bool trim = true;  // DRF's trim_whitespace; false for the password (§15.8)
};

struct ValidatedFields {
  std::vector<std::string> values;  // in FieldSpec order, when there are no errors
  // {"field":["message", …], …} in FieldSpec order (a field's messages consecutive); empty when
  // valid.
  std::vector<std::pair<std::string, std::string>> errors;
  bool ok() const { return errors.empty(); }
};

// Validates `specs` against `data`. A null or non-object body yields the serializer-level
// error instead (returned in `non_field_error`).
ValidatedFields validate_fields(const RequestData& data, const std::vector<FieldSpec>& specs);

// The 400 body for field errors: {"username":["This field is required."],…}.
std::string render_field_errors(const ValidatedFields& fields);

// For a null or non-object body: "No data provided" / "Invalid data. Expected a dictionary, but
// got list."; nullopt for an object.
std::optional<std::string> body_shape_error(const RequestData& data);

}  // namespace restjwt::detail
