// The restjwt_keys table's shape, shared by the SQLite and PostgreSQL key stores (each keeps its
// own dialect of the DDL): the key ring's keys, one row each (key_ring.hpp).
//
// Two partial unique indexes make "at most one active key, at most one next key" the database's
// rule, so that of two nodes adding the next key at once one insert wins and the other changes
// nothing (INSERT … ON CONFLICT DO NOTHING).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "restjwt/key_ring.hpp"

namespace restjwt::detail {

// A table of that name made by someone else fails here, at start-up.
inline constexpr const char* kCheckKeyTable =
    "SELECT kid, algorithm, state, created_at, activated_at, retired_at, public_key, secret"
    " FROM restjwt_keys LIMIT 0";

// The statements each store prepares, in the order of its SQL table. Parameters: kInsertKey the
// eight columns in kCheckKeyTable's order; the others (kid, now) where they use them.
enum KeyStatement : std::size_t {
  kLoadKeys,      // every row, columns as kCheckKeyTable
  kInsertKey,     // ON CONFLICT DO NOTHING
  kActiveKid,     // the active key's kid
  kRetireActive,  // (kid, now): the active key, if it is kid, becomes retired
  kActivateKey,   // (kid, now): a next or retired key becomes active
  kRetireNext,    // (kid, now): a next key becomes retired
  kRemoveKey,     // (kid): a key that is not active
  kKeyStatementCount
};

// A row read as text (SQLite and PostgreSQL both give every column as text), in kCheckKeyTable's
// order. kInvalid for an algorithm, state or number restjwt does not know.
StoreResult<StoredKey> stored_key_from_columns(const std::array<std::string, 8>& columns);

// The eight columns of `key` in kCheckKeyTable's order, numbers as decimal text.
std::array<std::string, 8> columns_of(const StoredKey& key);

// KeyStore::activate's steps inside one write transaction that the caller opened and will commit
// when this returns true (else roll back): `active_kid` reads the active key's kid ("" for none),
// `update` runs kRetireActive or kActivateKey for (kid, now) and returns the rows it changed.
using ActiveKidReader = std::function<StoreResult<std::string>()>;
using KeyUpdate =
    std::function<StoreResult<std::uint64_t>(KeyStatement which, const std::string& kid)>;
StoreResult<bool> activate_in_transaction(const std::string& kid, const std::string& replaces,
                                          const ActiveKidReader& active_kid,
                                          const KeyUpdate& update);

}  // namespace restjwt::detail
