// OPTIONS answers: DRF's SimpleMetadata, byte for byte (docs/wire-contract.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace restjwt::detail {

// {"name":…,"description":…,"renders":[…],"parses":[…]} and, when `post_fields` is not empty,
// "actions":{"POST":{…}} describing each as a required string field.
std::string view_metadata(std::string_view name, std::string_view description,
                          const std::vector<std::string>& post_fields = {});

}  // namespace restjwt::detail
