// The user rows one connection has read, valid exactly as long as the database has not changed.
//
// Token checks read the same few users again and again; each SQLite read transaction costs
// file-lock system calls and a mutex shared by every connection of the process (about a third of
// the server's CPU per request, BENCHMARKS.md). A row remembered here is answered again only
// while the WAL index header (wal_index.hpp) still reads as it did *before* the row was read:
// no transaction committed since, by anyone, so the database would answer the same row. A
// deactivated user or a changed per-user secret is therefore never served later than a read of
// the database would see it. Any commit empties the cache at the next lookup.
//
// Not thread-safe: it belongs to one connection, which the pool lends to one thread at a time.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "restjwt/user.hpp"
#include "store/sqlite/wal_index.hpp"

namespace restjwt::detail {

class UserRowCache {
 public:
  // More distinct users than this between two commits empty the cache (bounded memory).
  static constexpr std::size_t kMaxRows = 1024;

  // The row remembered under `key` when the database is still at `now`; nullptr otherwise.
  // "Nobody has that name" is remembered too (an engaged pointer to nullopt).
  const std::optional<User>* find(const WalStamp& now, std::string_view key);
  // Remembers what a read made after the header read `before` found.
  void remember(const WalStamp& before, std::string_view key, const std::optional<User>& row);

 private:
  // Forgets every row when the database moved on from the stamp the rows were read at.
  void catch_up(const WalStamp& now);

  // Lets find() look a string_view up without building a std::string.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const {
      return std::hash<std::string_view>{}(key);
    }
  };

  std::optional<WalStamp> stamp_;
  std::unordered_map<std::string, std::optional<User>, KeyHash, std::equal_to<>> rows_;
};

}  // namespace restjwt::detail
