// `restjwt keys generate|import|list|activate|retire|remove`: the key ring of [keys] by hand
// (docs/keys.md). Every change is one write the running nodes pick up at their next poll.
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "key_listing.hpp"
#include "restjwt/config.hpp"
#include "restjwt/jwk.hpp"
#include "restjwt/service.hpp"

namespace restjwt::cli {
namespace {

struct KeyFlags {
  std::string config_file;
  std::string algorithm;  // generate, import: default JWT_ALGORITHM
  std::string file;       // import: the key's file; default the config's own key
  std::string kid;
  bool json = false;
  bool force = false;
};

int fail(int code, const std::string& message) {
  std::fprintf(stderr, "restjwt: %s\n", message.c_str());
  return code;
}

std::int64_t now() { return static_cast<std::int64_t>(std::time(nullptr)); }

// The configuration, its ring's options and its store, or the exit code after saying why.
struct Ring {
  Config config;
  KeyRingOptions options;
  std::unique_ptr<KeyStore> store;
  std::vector<StoredKey> keys;

  const StoredKey* find(const std::string& kid) const {
    for (const auto& k : keys) {
      if (k.kid == kid) return &k;
    }
    return nullptr;
  }
  const StoredKey* in_state(KeyState state) const {
    for (const auto& k : keys) {
      if (k.state == state) return &k;
    }
    return nullptr;
  }
};

Expected<Ring, int> open_ring(const KeyFlags& flags) {
  auto config = load_config(flags.config_file, process_environment(), ConfigPurpose::kKeyAdmin);
  if (!config) return unexpected(fail(kExitConfig, config.error()));
  if (!config->keys.enabled()) {
    return unexpected(fail(kExitConfig,
                           "[keys] storage is not set in the configuration: there is no key ring "
                           "(docs/keys.md)"));
  }
  auto store = open_key_store(*config);
  if (!store) return unexpected(fail(store.error().exit_code(), store.error().message));
  auto keys = (*store)->load();
  if (!keys) return unexpected(fail(1, "cannot read the key ring: " + keys.error().message));
  Ring ring{*config, key_ring_options(*config), std::move(*store), std::move(*keys)};
  return ring;
}

Expected<Algorithm, int> algorithm_of(const KeyFlags& flags, const Ring& ring) {
  if (flags.algorithm.empty()) return ring.options.algorithm;
  const auto algorithm = algorithm_from_name(flags.algorithm);
  if (!algorithm) {
    return unexpected(fail(
        2, "--alg \"" + flags.algorithm + "\": expected one of " + std::string(algorithm_names())));
  }
  return *algorithm;
}

// A new key joins as the next key, or as the active one in a ring that has none (nothing can
// have cached a key set without keys).
int add_key(Ring& ring, const Expected<StoredKey, std::string>& made) {
  if (!made) return fail(1, made.error());
  if (const StoredKey* next = ring.in_state(KeyState::kNext)) {
    return fail(1,
                "the ring already has a next key, " + next->kid + ": activate or retire it first");
  }
  if (ring.find(made->kid) != nullptr) return fail(1, "the ring already has key " + made->kid);
  auto inserted = ring.store->insert(*made);
  if (!inserted) return fail(1, "cannot add the key: " + inserted.error().message);
  if (!*inserted) return fail(1, "another process changed the ring meanwhile: try again");
  std::printf("Key %s (%s) added as the %s key.\n", made->kid.c_str(),
              std::string(to_string(made->algorithm)).c_str(),
              std::string(to_string(made->state)).c_str());
  if (made->state == KeyState::kNext) {
    std::printf(
        "It is published now and signs once activated (restjwt keys activate %s), at "
        "the earliest %s.\n",
        made->kid.c_str(), utc_time(made->created_at + ring.options.publish_ahead.count()).c_str());
  }
  return 0;
}

KeyState state_for_new_key(const Ring& ring) {
  return ring.in_state(KeyState::kActive) != nullptr ? KeyState::kNext : KeyState::kActive;
}

int run_generate(const KeyFlags& flags) {
  auto ring = open_ring(flags);
  if (!ring) return ring.error();
  auto algorithm = algorithm_of(flags, *ring);
  if (!algorithm) return algorithm.error();
  return add_key(*ring,
                 make_stored_key(*algorithm, state_for_new_key(*ring), now(), ring->options.kek));
}

// The key's text: a file (a private key as PEM, or an HMAC secret), else the configuration's own
// JWT_PRIVATE_KEY or JWT_SECRET_KEY, so that a server moving to the ring keeps its tokens valid.
int run_import(const KeyFlags& flags) {
  auto ring = open_ring(flags);
  if (!ring) return ring.error();
  auto algorithm = algorithm_of(flags, *ring);
  if (!algorithm) return algorithm.error();
  std::string text;
  if (!flags.file.empty()) {
    auto read = read_file_text(flags.file);
    if (!read) return fail(1, "--file \"" + flags.file + "\": " + read.error());
    text = std::move(*read);
    if (is_hmac(*algorithm) && text.ends_with('\n')) text.pop_back();
  } else {
    text = is_hmac(*algorithm) ? ring->config.jwt.secret_key : ring->config.jwt.private_key;
    if (text.empty()) {
      return fail(1, std::string("nothing to import: give --file, or set ") +
                         (is_hmac(*algorithm) ? "JWT_SECRET_KEY" : "JWT_PRIVATE_KEY"));
    }
  }
  return add_key(*ring, import_stored_key(*algorithm, text, state_for_new_key(*ring), now(),
                                          ring->options.kek));
}

int run_list(const KeyFlags& flags) {
  auto ring = open_ring(flags);
  if (!ring) return ring.error();
  const std::string text = flags.json ? keys_as_json(ring->keys, ring->options.token_lifetime)
                                      : keys_as_table(ring->keys, ring->options.token_lifetime);
  std::fputs(text.c_str(), stdout);
  return 0;
}

int run_activate(const KeyFlags& flags) {
  auto ring = open_ring(flags);
  if (!ring) return ring.error();
  const StoredKey* key = ring->find(flags.kid);
  if (key == nullptr) return fail(1, "no key " + flags.kid + " in the ring");
  if (key->state == KeyState::kActive) return fail(1, flags.kid + " is already the active key");
  const std::int64_t published_until = key->created_at + ring->options.publish_ahead.count();
  if (key->state == KeyState::kNext && now() < published_until && !flags.force) {
    return fail(1, flags.kid + " was published at " + utc_time(key->created_at) +
                       ": verifiers that cached the key set before may not know it until " +
                       utc_time(published_until) +
                       " ([keys] publish_ahead); activate it then, or use --force");
  }
  const StoredKey* active = ring->in_state(KeyState::kActive);
  auto switched = ring->store->activate(flags.kid, active != nullptr ? active->kid : "", now());
  if (!switched) return fail(1, "cannot activate the key: " + switched.error().message);
  if (!*switched) return fail(1, "another process changed the ring meanwhile: try again");
  std::printf("Key %s is the active key%s.\n", flags.kid.c_str(),
              active != nullptr ? ("; " + active->kid + " is retired").c_str() : "");
  return 0;
}

int run_retire(const KeyFlags& flags) {
  auto ring = open_ring(flags);
  if (!ring) return ring.error();
  const StoredKey* key = ring->find(flags.kid);
  if (key == nullptr) return fail(1, "no key " + flags.kid + " in the ring");
  if (key->state == KeyState::kActive) {
    return fail(1, flags.kid + " is the active key: activate another one, which retires it");
  }
  if (key->state == KeyState::kRetired) return fail(1, flags.kid + " is already retired");
  auto retired = ring->store->retire(flags.kid, now());
  if (!retired || !*retired) {
    return fail(1, "cannot retire the key: " +
                       (retired ? "another process changed it" : retired.error().message));
  }
  std::printf("Key %s is retired.\n", flags.kid.c_str());
  return 0;
}

int run_remove(const KeyFlags& flags) {
  auto ring = open_ring(flags);
  if (!ring) return ring.error();
  const StoredKey* key = ring->find(flags.kid);
  if (key == nullptr) return fail(1, "no key " + flags.kid + " in the ring");
  if (key->state == KeyState::kActive) {
    return fail(1, flags.kid + " is the active key: it cannot be removed");
  }
  const std::int64_t expires = retired_key_expires_at(*key, ring->options.token_lifetime);
  if (now() < expires && !flags.force) {
    return fail(1, flags.kid + " may still verify tokens it signed until " + utc_time(expires) +
                       ": they would be refused from now on; use --force to remove it anyway");
  }
  auto removed = ring->store->remove(flags.kid);
  if (!removed || !*removed) {
    return fail(1, "cannot remove the key: " +
                       (removed ? "another process changed it" : removed.error().message));
  }
  std::printf("Key %s is removed.\n", flags.kid.c_str());
  return 0;
}

CLI::App* add(CLI::App& keys, int& exit_code, const char* name, const char* help,
              int (*run)(const KeyFlags&), const std::shared_ptr<KeyFlags>& flags) {
  auto* command = keys.add_subcommand(name, help);
  command->add_option("--config", flags->config_file, "restjwt TOML config file ([keys])");
  command->callback([&exit_code, run, flags] { exit_code = run(*flags); });
  return command;
}

}  // namespace

void register_key_commands(CLI::App& app, int& exit_code) {
  auto* keys = app.add_subcommand("keys", "Manage the key ring of [keys] (docs/keys.md)");
  keys->require_subcommand(1);
  auto generate_flags = std::make_shared<KeyFlags>();
  add(*keys, exit_code, "generate", "Add a new key: the next key (the active one in an empty ring)",
      run_generate, generate_flags)
      ->add_option("--alg", generate_flags->algorithm, "Its algorithm (default: JWT_ALGORITHM)");
  auto import_flags = std::make_shared<KeyFlags>();
  auto* import = add(*keys, exit_code, "import",
                     "Add a key you have (default: the config's JWT_SECRET_KEY or "
                     "JWT_PRIVATE_KEY), as generate does",
                     run_import, import_flags);
  import->add_option("--alg", import_flags->algorithm, "Its algorithm (default: JWT_ALGORITHM)");
  import->add_option("--file", import_flags->file, "A private key (PEM) or an HMAC secret");
  auto list_flags = std::make_shared<KeyFlags>();
  add(*keys, exit_code, "list", "The keys, their states and times (never their secrets)", run_list,
      list_flags)
      ->add_flag("--json", list_flags->json, "One JSON array instead of a table");
  auto activate_flags = std::make_shared<KeyFlags>();
  auto* activate = add(*keys, exit_code, "activate", "Make a next or retired key the active key",
                       run_activate, activate_flags);
  activate->add_option("kid", activate_flags->kid, "The key's kid")->required();
  activate->add_flag("--force", activate_flags->force,
                     "Even before it has been published for publish_ahead");
  auto retire_flags = std::make_shared<KeyFlags>();
  add(*keys, exit_code, "retire", "Retire a next key", run_retire, retire_flags)
      ->add_option("kid", retire_flags->kid, "The key's kid")
      ->required();
  auto remove_flags = std::make_shared<KeyFlags>();
  auto* remove =
      add(*keys, exit_code, "remove", "Remove a key that is not active", run_remove, remove_flags);
  remove->add_option("kid", remove_flags->kid, "The key's kid")->required();
  remove->add_flag("--force", remove_flags->force,
                   "Even while it may still verify tokens it signed");
}

}  // namespace restjwt::cli
