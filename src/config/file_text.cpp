#include <cerrno>
#include <cstdio>
#include <memory>
#include <system_error>

#include "restjwt/config.hpp"

namespace restjwt {

Expected<std::string, std::string> read_file_text(const std::string& path) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
  if (!file) return unexpected(std::generic_category().message(errno));
  std::string text;
  char chunk[4096];
  std::size_t n = 0;
  // A directory opens on Linux; its first read fails with EISDIR.
  while ((n = std::fread(chunk, 1, sizeof chunk, file.get())) > 0) text.append(chunk, n);
  if (std::ferror(file.get()) != 0) return unexpected(std::generic_category().message(errno));
  return text;
}

}  // namespace restjwt
