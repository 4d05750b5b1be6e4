// OPTIONS answers: DRF's SimpleMetadata, byte for byte (docs/wire-contract.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace restjwt::detail {

// {"name":…,"description":…,"renders":[…],"parses":[…]} and, when `post_fields` is not empty,
// "actions":{"POST":{…}} describing each as a required string field, then each of
// `read_only_fields` as a read-only one (a serializer's output field, e.g. simplejwt's "access").
std::string view_metadata(std::string_view name, std::string_view description,
                          const std::vector<std::string>& post_fields = {},
                          const std::vector<std::string>& read_only_fields = {});

}  // namespace restjwt::detail
