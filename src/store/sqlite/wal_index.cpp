#include "store/sqlite/wal_index.hpp"

#include <atomic>
#include <cstddef>
#include <cstring>
#include <string_view>

#include <sqlite3.h>

namespace restjwt::detail {
namespace {

// The index is mapped in regions of 32 KiB (WALINDEX_PGSZ); every mapping must use that size.
constexpr int kIndexRegionBytes = 32768;
constexpr std::size_t kHeaderWords = std::tuple_size_v<WalStamp>;

bool in_wal_mode(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA main.journal_mode", -1, &stmt, nullptr) != SQLITE_OK) {
    return false;
  }
  bool wal = false;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    const auto* mode = sqlite3_column_text(stmt, 0);
    wal = mode != nullptr && std::string_view(reinterpret_cast<const char*>(mode)) == "wal";
  }
  sqlite3_finalize(stmt);
  return wal;
}

WalStamp read_copy(std::uint32_t* words) {
  WalStamp copy{};
  for (std::size_t i = 0; i < kHeaderWords; ++i) {
    copy[i] = std::atomic_ref<std::uint32_t>(words[i]).load(std::memory_order_acquire);
  }
  return copy;
}

}  // namespace

std::optional<WalIndexHeader> WalIndexHeader::map(sqlite3* db) {
  if (!in_wal_mode(db)) {
    return std::nullopt;
  }
  sqlite3_file* file = nullptr;
  if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK ||
      file == nullptr || file->pMethods == nullptr || file->pMethods->iVersion < 2 ||
      file->pMethods->xShmMap == nullptr) {
    return std::nullopt;
  }
  // bExtend = 0: only an index that exists (mapped when the connection first read in WAL mode).
  void volatile* region = nullptr;
  if (file->pMethods->xShmMap(file, 0, kIndexRegionBytes, 0, &region) != SQLITE_OK ||
      region == nullptr) {
    return std::nullopt;
  }
  // The mapping belongs to the connection and lives until it closes (xShmUnmap).
  return WalIndexHeader(static_cast<std::uint32_t*>(const_cast<void*>(region)));
}

std::optional<WalStamp> WalIndexHeader::read() const {
  // SQLite writes the second copy, then a memory barrier, then the first; reading the first,
  // then the second, sees two equal copies only when no rewrite overlapped the reading.
  const WalStamp first = read_copy(words_);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  const WalStamp second = read_copy(words_ + kHeaderWords);
  if (first != second) {
    return std::nullopt;
  }
  // isInit is the first byte after iVersion, the unused word and iChange (word 3).
  unsigned char is_init = 0;
  std::memcpy(&is_init, &first[3], 1);
  if (is_init == 0) {
    return std::nullopt;
  }
  return first;
}

}  // namespace restjwt::detail
