#include "store/sqlite/store_steps.hpp"

#include "store/common/uuid.hpp"

namespace restjwt::detail {

std::optional<Key> to_key(const UserId& id, const UserTable& table) {
  const bool integer_table = table.schema.id_type == UserTableSchema::IdType::kInteger;
  if (const auto* integer = std::get_if<std::int64_t>(&id)) {
    if (!integer_table) {
      return std::nullopt;
    }
    return Key{.is_integer = true, .integer = *integer, .hex = {}};
  }
  if (integer_table) {
    return std::nullopt;
  }
  auto hex = uuid_to_hex(std::get<std::string>(id));
  if (!hex) {
    return std::nullopt;
  }
  return Key{.is_integer = false, .integer = 0, .hex = std::move(*hex)};
}

int bind_key(sqlite3_stmt* stmt, int index, const Key& key) {
  return key.is_integer ? sqlite3_bind_int64(stmt, index, key.integer)
                        : bind_text(stmt, index, key.hex);
}

}  // namespace restjwt::detail
