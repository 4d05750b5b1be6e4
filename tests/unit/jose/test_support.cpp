#include "unit/jose/test_support.hpp"

#include <stdlib.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <sys/wait.h>

#include "restjwt/base64url.hpp"

namespace restjwt::test {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }
};
struct BioFree {
  void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Bio = std::unique_ptr<BIO, BioFree>;

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

const EVP_MD* hmac_digest(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kHS384:
      return EVP_sha384();
    case Algorithm::kHS512:
      return EVP_sha512();
    default:
      return EVP_sha256();
  }
}

std::string shell_quote(std::string_view text) {
  std::string quoted = "'";
  for (const char c : text) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

}  // namespace

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

void write_file(const std::filesystem::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  EXPECT_TRUE(out.good()) << "cannot write " << path;
}

nlohmann::json load_wycheproof(std::string_view file_name) {
  const auto path =
      std::filesystem::path(RESTJWT_SOURCE_DIR) / "tests" / "data" / "wycheproof" / file_name;
  return nlohmann::json::parse(read_file(path));
}

std::string hex_decode(std::string_view hex) {
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return bytes;
}

std::string raw_hmac(Algorithm algorithm, std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  HMAC(hmac_digest(algorithm), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(), &length);
  return std::string(reinterpret_cast<const char*>(mac.data()), length);
}

std::string hmac_token_raw(Algorithm algorithm, std::string_view secret,
                           std::string_view header_segment, std::string_view payload_segment) {
  std::string input(header_segment);
  input += '.';
  input += payload_segment;
  return input + "." + base64url_encode(raw_hmac(algorithm, secret, input));
}

std::string hmac_token(Algorithm algorithm, std::string_view secret, std::string_view header_json,
                       std::string_view payload_json) {
  return hmac_token_raw(algorithm, secret, base64url_encode(header_json),
                        base64url_encode(payload_json));
}

std::string generate_private_pem(Algorithm algorithm, unsigned rsa_bits) {
  Pkey key;
  switch (algorithm) {
    case Algorithm::kES256:
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
      break;
    case Algorithm::kES384:
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"));
      break;
    case Algorithm::kES512:
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-521"));
      break;
    case Algorithm::kEdDSA:
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
      break;
    default:
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{rsa_bits}));
      break;
  }
  EXPECT_NE(key, nullptr);
  Bio bio(BIO_new(BIO_s_mem()));
  EXPECT_EQ(PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr),
            1);
  return bio_text(bio.get());
}

std::string public_pem_of(std::string_view private_pem) {
  Bio in(BIO_new_mem_buf(private_pem.data(), static_cast<int>(private_pem.size())));
  Pkey key(PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr));
  EXPECT_NE(key, nullptr);
  Bio out(BIO_new(BIO_s_mem()));
  EXPECT_EQ(PEM_write_bio_PUBKEY(out.get(), key.get()), 1);
  return bio_text(out.get());
}

Key must_load_pem(Algorithm algorithm, std::string_view pem) {
  auto key = Key::from_pem(algorithm, pem);
  if (!key) {
    ADD_FAILURE() << to_string(algorithm) << ": " << key.error();
    std::abort();
  }
  return *key;
}

Key must_load_secret(Algorithm algorithm, std::string_view secret, std::size_t min_bytes) {
  auto key = Key::hmac_secret(algorithm, secret, min_bytes);
  if (!key) {
    ADD_FAILURE() << to_string(algorithm) << ": " << key.error();
    std::abort();
  }
  return *key;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "restjwt-jose-XXXXXX").string();
  EXPECT_NE(mkdtemp(pattern.data()), nullptr);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string run_python(const std::filesystem::path& script, std::string_view arguments) {
  const auto err_path = script.parent_path() / "stderr.txt";
  const std::string command = std::string(kDebianPython) + " " + shell_quote(script.string()) +
                              " " + std::string(arguments) + " 2>" + shell_quote(err_path.string());
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr) << command;
  if (pipe == nullptr) {
    return "";
  }
  std::string output;
  std::array<char, 4096> buffer{};
  while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) {
    output.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << command << "\n"
      << read_file(err_path)
      << "\n(Debian's python3-jwt and python3-cryptography are needed: scripts/bootstrap)";
  return output;
}

}  // namespace restjwt::test
