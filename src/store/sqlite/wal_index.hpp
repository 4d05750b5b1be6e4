// The header of an SQLite database's WAL index: a change stamp that costs two cache-line reads.
//
// Every connection to a WAL database, in every process, maps the same index (the -shm file), and
// every commit rewrites its header: the last valid frame (mxFrame), a change counter (iChange),
// the WAL's salts and checksums (https://www.sqlite.org/walformat.html, "The WAL-Index Header").
// Two equal readings therefore mean that no transaction committed in between, from any
// connection or process: the test SQLite itself makes before it trusts its page cache. Checkpoints
// copy committed pages into the database file without changing what a reader sees, and leave the
// header as it is.
//
// Why the stamp stays trustworthy while restjwt runs: leaving WAL mode (or taking the database in
// exclusive locking mode, where the index lives in private memory) needs an exclusive lock on the
// database file, and a connection in WAL mode holds a shared lock on it for as long as it is open.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

struct sqlite3;

namespace restjwt::detail {

// The twelve 32-bit words of the header (48 bytes), compared as a whole.
using WalStamp = std::array<std::uint32_t, 12>;

class WalIndexHeader {
 public:
  // SQLite's own mapping of `db`'s index, through its VFS (xShmMap on the main database file).
  // Call it after the connection has read the database in WAL mode (the index is then mapped).
  // nullopt when the connection has no shared-memory index: not in WAL mode, or a VFS without
  // shared memory.
  static std::optional<WalIndexHeader> map(sqlite3* db);

  // The header now; nullopt while a writer is rewriting it (its two copies differ, read in the
  // opposite order of SQLite's writes) or before any connection initialised it.
  [[nodiscard]] std::optional<WalStamp> read() const;

 private:
  explicit WalIndexHeader(std::uint32_t* words) : words_(words) {}
  // Two copies of the header, back to back; written by SQLite in other threads and processes.
  std::uint32_t* words_;
};

}  // namespace restjwt::detail
