// DirectoryKeyStore: the key ring as key files and a manifest, changed under an exclusive lock.
#include "restjwt/directory_key_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <system_error>

#include <nlohmann/json.hpp>
#include <sys/file.h>

namespace restjwt {
namespace {

namespace fs = std::filesystem;
using Keys = std::vector<StoredKey>;

StoreError failure(const std::string& what) {
  return StoreError{StoreError::Kind::kUnavailable, what};
}

std::string secret_file(const StoredKey& key) {
  return key.kid + (is_hmac(key.algorithm) ? ".secret" : ".pem");
}

Expected<std::string, std::string> read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return unexpected(std::generic_category().message(errno));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return unexpected(std::string("cannot read it"));
  return text;
}

// Held for the duration of one change: other processes' changes wait for it.
class DirectoryLock {
 public:
  explicit DirectoryLock(const fs::path& dir)
      : fd_(::open((dir / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
    if (fd_ >= 0 && ::flock(fd_, LOCK_EX) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;
  ~DirectoryLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
  }
  [[nodiscard]] bool held() const { return fd_ >= 0; }

 private:
  int fd_;
};

// Writes `text` to `path` through a temporary file in the same directory, made 0600 before any
// byte is written, flushed to disk, then renamed over `path`.
StoreResult<void> write_file(const fs::path& path, const std::string& text) {
  const fs::path temporary = path.string() + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return unexpected(failure(temporary.string() + ": " + std::generic_category().message(errno)));
  }
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  std::error_code ec;
  if (written) fs::rename(temporary, path, ec);
  if (!written || ec) {
    fs::remove(temporary, ec);
    return unexpected(failure("cannot write " + path.string()));
  }
  return {};
}

class DirectoryKeyStore final : public KeyStore {
 public:
  explicit DirectoryKeyStore(fs::path dir) : dir_(std::move(dir)) {}

  StoreResult<Keys> load() override {
    const fs::path manifest = dir_ / "manifest.json";
    std::error_code ec;
    if (!fs::exists(manifest, ec)) return Keys{};
    auto text = read_text(manifest);
    if (!text) return unexpected(failure(manifest.string() + ": " + text.error()));
    const auto json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    const auto entries = json.is_object() ? json.find("keys") : json.end();
    if (!json.is_object() || entries == json.end() || !entries->is_array()) {
      return unexpected(invalid("expected {\"keys\": [...]}"));
    }
    Keys keys;
    for (const auto& entry : *entries) {
      auto key = key_of(entry);
      if (!key) return unexpected(key.error());
      keys.push_back(std::move(*key));
    }
    return keys;
  }

  StoreResult<bool> insert(const StoredKey& key) override {
    return change([&](Keys& keys) -> StoreResult<bool> {
      for (const auto& k : keys) {
        const bool unique_state = k.state == key.state && key.state != KeyState::kRetired;
        if (k.kid == key.kid || unique_state) return false;
      }
      if (auto ok = write_file(dir_ / secret_file(key), key.secret); !ok)
        return unexpected(ok.error());
      if (!key.public_pem.empty()) {
        if (auto ok = write_file(dir_ / (key.kid + ".pub.pem"), key.public_pem); !ok) {
          return unexpected(ok.error());
        }
      }
      keys.push_back(key);
      return true;
    });
  }

  StoreResult<bool> activate(const std::string& kid, const std::string& replaces,
                             std::int64_t now) override {
    return change([&](Keys& keys) -> StoreResult<bool> {
      StoredKey* target = nullptr;
      StoredKey* active = nullptr;
      for (auto& k : keys) {
        if (k.kid == kid) target = &k;
        if (k.state == KeyState::kActive) active = &k;
      }
      if (kid == replaces || target == nullptr || target->state == KeyState::kActive ||
          (active != nullptr ? active->kid : "") != replaces) {
        return false;
      }
      if (active != nullptr) {
        active->state = KeyState::kRetired;
        active->retired_at = now;
      }
      target->state = KeyState::kActive;
      target->activated_at = now;
      target->retired_at = 0;
      return true;
    });
  }

  StoreResult<bool> retire(const std::string& kid, std::int64_t now) override {
    return change([&](Keys& keys) -> StoreResult<bool> {
      for (auto& k : keys) {
        if (k.kid != kid || k.state != KeyState::kNext) continue;
        k.state = KeyState::kRetired;
        k.retired_at = now;
        return true;
      }
      return false;
    });
  }

  StoreResult<bool> remove(const std::string& kid) override {
    std::optional<StoredKey> removed;
    auto changed = change([&](Keys& keys) -> StoreResult<bool> {
      const auto it = std::find_if(keys.begin(), keys.end(), [&](const StoredKey& k) {
        return k.kid == kid && k.state != KeyState::kActive;
      });
      if (it == keys.end()) return false;
      removed = *it;
      keys.erase(it);
      return true;
    });
    if (changed && *changed) {
      // After the manifest stopped naming them: a reader never finds a key without its file.
      std::error_code ec;
      fs::remove(dir_ / secret_file(*removed), ec);
      fs::remove(dir_ / (removed->kid + ".pub.pem"), ec);
    }
    return changed;
  }

 private:
  StoreError invalid(const std::string& what) const {
    return StoreError{StoreError::Kind::kInvalid, (dir_ / "manifest.json").string() + ": " + what};
  }

  StoreResult<StoredKey> key_of(const nlohmann::json& entry) const {
    StoredKey key;
    const auto text = [&](const char* name) -> std::optional<std::string> {
      const auto it = entry.find(name);
      if (it == entry.end() || !it->is_string()) return std::nullopt;
      return it->get<std::string>();
    };
    const auto number = [&](const char* name) -> std::optional<std::int64_t> {
      const auto it = entry.find(name);
      if (it == entry.end()) return 0;
      if (!it->is_number_integer()) return std::nullopt;
      return it->get<std::int64_t>();
    };
    const auto kid = entry.is_object() ? text("kid") : std::nullopt;
    const auto algorithm = kid ? algorithm_from_name(text("algorithm").value_or("")) : std::nullopt;
    const auto state = kid ? key_state_from_name(text("state").value_or("")) : std::nullopt;
    const auto created = kid ? number("created_at") : std::nullopt;
    const auto activated = kid ? number("activated_at") : std::nullopt;
    const auto retired = kid ? number("retired_at") : std::nullopt;
    if (!kid || !is_plain_kid(*kid) || !algorithm || !state || !created || !activated || !retired) {
      return unexpected(
          invalid("an entry needs a kid (letters, digits, '-', '_', '.'), an "
                  "algorithm, a state (next, active, retired) and integer times"));
    }
    key = StoredKey{*kid, *algorithm, *state, *created, *activated, *retired, {}, {}};
    auto secret = read_text(dir_ / secret_file(key));
    if (!secret) return unexpected(failure(secret_file(key) + ": " + secret.error()));
    key.secret = std::move(*secret);
    if (!is_hmac(key.algorithm)) {
      // Optional: without it the public key is taken from the private one.
      if (auto pem = read_text(dir_ / (key.kid + ".pub.pem"))) {
        key.public_pem = std::move(*pem);
      }
    }
    return key;
  }

  // Reads the manifest, lets `edit` change the keys, and writes it back when `edit` says so; all
  // under the directory's lock.
  StoreResult<bool> change(const std::function<StoreResult<bool>(Keys&)>& edit) {
    const std::lock_guard local(mutex_);
    const DirectoryLock lock(dir_);
    if (!lock.held()) return unexpected(failure("cannot lock " + (dir_ / ".lock").string()));
    auto keys = load();
    if (!keys) return unexpected(keys.error());
    auto changed = edit(*keys);
    if (!changed || !*changed) return changed;
    nlohmann::ordered_json manifest = {{"keys", nlohmann::ordered_json::array()}};
    for (const auto& k : *keys) {
      manifest["keys"].push_back({{"kid", k.kid},
                                  {"algorithm", std::string(to_string(k.algorithm))},
                                  {"state", std::string(to_string(k.state))},
                                  {"created_at", k.created_at},
                                  {"activated_at", k.activated_at},
                                  {"retired_at", k.retired_at}});
    }
    if (auto ok = write_file(dir_ / "manifest.json", manifest.dump(2) + "\n"); !ok) {
      return unexpected(ok.error());
    }
    return true;
  }

  fs::path dir_;
  std::mutex
      mutex_;  // this process's own changes one at a time, before the flock() between processes
};

}  // namespace

StoreResult<std::unique_ptr<KeyStore>> open_directory_key_store(const std::string& directory) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) {
    return unexpected(StoreError{StoreError::Kind::kInvalid,
                                 "[keys] directory \"" + directory + "\": not a directory"});
  }
  return std::unique_ptr<KeyStore>(std::make_unique<DirectoryKeyStore>(directory));
}

}  // namespace restjwt
