// `restjwt jwt sign|verify`: sign a JSON payload or check a token from stdin, like
// `step crypto jwt`. Exit codes: 0 success, 1 the token (or payload) was refused, 2 the command
// was used wrongly (options, an unreadable or unfitting key). Secrets never come from argv.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "restjwt/config.hpp"
#include "restjwt/jwt.hpp"
#include "restjwt/keys.hpp"

namespace restjwt::cli {
namespace {

struct KeyOptions {
  std::string alg;
  std::string key_file;
  std::string key_env;
};

void add_key_options(CLI::App& cmd, KeyOptions& options) {
  cmd.add_option("--alg", options.alg, "Algorithm: " + std::string(algorithm_names()))->required();
  auto* file =
      cmd.add_option("--key-file", options.key_file,
                     "File holding the HMAC secret (one trailing newline stripped) or a PEM key");
  auto* env = cmd.add_option("--key-env", options.key_env,
                             "Environment variable holding the secret or PEM key");
  file->excludes(env);
  env->excludes(file);
}

int fail(int code, const std::string& message) {
  std::fprintf(stderr, "restjwt: %s\n", message.c_str());
  return code;
}

// Loads the key the options name; nullopt after printing a usage error.
std::optional<Key> load_key(const KeyOptions& options) {
  const auto algorithm = algorithm_from_name(options.alg);
  if (!algorithm) {
    fail(2, "--alg " + options.alg + ": expected one of " + std::string(algorithm_names()));
    return std::nullopt;
  }
  std::string material;
  if (!options.key_file.empty()) {
    auto text = read_file_text(options.key_file);
    if (!text) {
      fail(2, "--key-file " + options.key_file + ": cannot read that file (" + text.error() + ")");
      return std::nullopt;
    }
    material = std::move(*text);
    if (is_hmac(*algorithm) && !material.empty() && material.back() == '\n') material.pop_back();
  } else if (!options.key_env.empty()) {
    const char* value = std::getenv(options.key_env.c_str());  // NOLINT(concurrency-mt-unsafe)
    if (value == nullptr) {
      fail(2, "--key-env " + options.key_env + ": that variable is not set");
      return std::nullopt;
    }
    material = value;
  } else {
    fail(2, "give the key with --key-file FILE or --key-env VAR");
    return std::nullopt;
  }
  auto key = is_hmac(*algorithm) ? Key::hmac_secret(*algorithm, material)
                                 : Key::from_pem(*algorithm, material);
  if (!key) {
    fail(2, "key: " + key.error());
    return std::nullopt;
  }
  return *key;
}

std::string read_stdin() {
  return {std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n\f\v");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n\f\v") - first + 1);
}

int run_sign(const KeyOptions& options) {
  const auto key = load_key(options);
  if (!key) return 2;
  if (!key->can_sign()) return fail(2, "key: a public key cannot sign; give the private key");
  const auto payload = parse_json_object_strict(trim(read_stdin()));
  if (!payload) {
    return fail(1, "stdin: expected one JSON object (UTF-8, no duplicate keys)");
  }
  const auto token = encode_jwt(*key, *payload);
  if (!token) return fail(1, "signing failed (" + std::string(to_string(token.error())) + ")");
  std::printf("%s\n", token->c_str());
  return 0;
}

struct VerifyOptions {
  std::string audience;
  std::string issuer;
  std::int64_t leeway = 0;
  bool no_verify_exp = false;
};

int run_verify(const KeyOptions& key_options, const VerifyOptions& options) {
  const auto key = load_key(key_options);
  if (!key) return 2;
  ClaimRules rules;
  rules.verify_expiration = !options.no_verify_exp;
  rules.leeway_seconds = options.leeway;
  if (!options.audience.empty()) rules.audience = options.audience;
  if (!options.issuer.empty()) rules.issuer = options.issuer;
  const TokenVerifier verifier(*key, rules, system_clock());
  const std::string input = read_stdin();
  const auto claims = verifier.verify(trim(input));
  if (!claims) {
    // The verify endpoint's words (wire contract §7), then the precise reason for the operator.
    return fail(1, std::string(to_public(claims.error(), Surface::kTokenView).message) + " (" +
                       std::string(to_string(claims.error())) + ")");
  }
  std::printf("%s\n", serialize_claims(*claims).c_str());
  return 0;
}

}  // namespace

void register_jwt_commands(CLI::App& app, int& exit_code) {
  auto* jwt = app.add_subcommand("jwt", "Sign or verify a token (for operators and debugging)");
  jwt->require_subcommand(1);

  // CLI11 binds options to storage that must outlive parsing: the callbacks own it.
  auto sign_key = std::make_shared<KeyOptions>();
  auto* sign = jwt->add_subcommand("sign", "Read a JSON object from stdin, print the signed token");
  add_key_options(*sign, *sign_key);
  sign->callback([&exit_code, sign_key] { exit_code = run_sign(*sign_key); });

  auto verify_key = std::make_shared<KeyOptions>();
  auto verify_options = std::make_shared<VerifyOptions>();
  auto* verify =
      jwt->add_subcommand("verify", "Read a token from stdin, print its payload if valid");
  add_key_options(*verify, *verify_key);
  verify->add_option("--audience", verify_options->audience, "Required audience (JWT_AUDIENCE)");
  verify->add_option("--issuer", verify_options->issuer, "Required issuer (JWT_ISSUER)");
  verify->add_option("--leeway", verify_options->leeway, "Leeway in seconds (JWT_LEEWAY)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 31));
  verify->add_flag("--no-verify-exp", verify_options->no_verify_exp,
                   "Do not check exp (JWT_VERIFY_EXPIRATION = false)");
  verify->callback([&exit_code, verify_key, verify_options] {
    exit_code = run_verify(*verify_key, *verify_options);
  });
}

}  // namespace restjwt::cli
