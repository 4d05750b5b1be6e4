// Reading a whole small file (a config, a key, a secret) for start-up and the CLI.
#pragma once

#include <string>

#include "restjwt/expected.hpp"

namespace restjwt::detail {

// The file's bytes; else the system's reason, e.g. "No such file or directory", "Is a directory",
// "Permission denied", for a message that names the file.
Expected<std::string, std::string> read_file_text(const std::string& path);

}  // namespace restjwt::detail
