// Helpers shared by the JOSE tests: files, hex, raw HMAC, generated keys, temporary folders and
// Debian's python3 (for PyJWT). Test-only code; nothing here is part of the library.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "restjwt/keys.hpp"

namespace restjwt::test {

// The whole file, or a test failure (and "") when it cannot be read.
std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, std::string_view content);

// A Wycheproof vector file from tests/data/wycheproof/ (its README.md says where they come from).
nlohmann::json load_wycheproof(std::string_view file_name);

std::string hex_decode(std::string_view hex);

// HMAC with OpenSSL's one-shot API and any key, including the PEM texts Key::hmac_secret refuses:
// it builds the tokens an attacker would build.
std::string raw_hmac(Algorithm algorithm, std::string_view key, std::string_view data);

// `b64(header).b64(payload).b64(HMAC(secret, raw signing input))`: an HS* token over any bytes,
// so that a hostile token is rejected by the rule under test and not by its signature.
std::string hmac_token(Algorithm algorithm, std::string_view secret, std::string_view header_json,
                       std::string_view payload_json);
// The same over already encoded (possibly malformed) segments.
std::string hmac_token_raw(Algorithm algorithm, std::string_view secret,
                           std::string_view header_segment, std::string_view payload_segment);

// A fresh private key for an asymmetric algorithm (RSA of `rsa_bits`, P-256/384/521, Ed25519),
// as PKCS#8 PEM.
std::string generate_private_pem(Algorithm algorithm, unsigned rsa_bits = 2048);
// The SubjectPublicKeyInfo PEM of a private key PEM.
std::string public_pem_of(std::string_view private_pem);

// A key that must load; fails the test (and aborts it) otherwise.
Key must_load_pem(Algorithm algorithm, std::string_view pem);
Key must_load_secret(Algorithm algorithm, std::string_view secret, std::size_t min_bytes = 1);

// A temporary folder removed with everything in it when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

// Debian's interpreter, explicitly: the `python3` on PATH may be a pyenv without python3-jwt.
inline constexpr const char* kDebianPython = "/usr/bin/python3";

// Runs `kDebianPython script_path args...` (arguments are quoted), returns stdout; a non-zero
// exit fails the test with stderr's text.
std::string run_python(const std::filesystem::path& script, std::string_view arguments);

}  // namespace restjwt::test
