#include "store/postgres/pg_store_state.hpp"

#include <chrono>

#include "store/common/uuid.hpp"

namespace restjwt::detail::pg {

StoreResult<Result> run_statement(StoreState& state, UserStatement which, const Params& params,
                                  std::string_view what, bool idempotent) {
  const auto index = static_cast<std::size_t>(which);
  for (int attempt = 0;; ++attempt) {
    auto lease = state.pool.acquire();
    if (!lease) return unexpected(lease.error());
    auto result = (*lease)->run_prepared(index, state.sql[which], params, what);
    const bool retry = !result && idempotent && attempt == 0 && lease->reused() &&
                       !(*lease)->healthy() &&
                       result.error().kind == StoreError::Kind::kUnavailable;
    if (!retry) return result;
  }
}

std::vector<User> read_users(const Result& result, const UserTable& table) {
  std::vector<User> users;
  const int rows = PQntuples(result.get());
  users.reserve(static_cast<std::size_t>(rows));
  for (int row = 0; row < rows; ++row) users.push_back(read_user(result.get(), row, table));
  return users;
}

std::string now_micros(const StoreState& state) {
  const auto since = state.options.now().time_since_epoch();
  return std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(since).count());
}

std::optional<std::string> key_param(const UserId& id, const UserTable& table) {
  if (const auto* integer = std::get_if<std::int64_t>(&id)) {
    if (table.is_uuid()) return std::nullopt;
    return std::to_string(*integer);
  }
  const auto& text = std::get<std::string>(id);
  // The spellings the SQLite store accepts (dashed 8-4-4-4-12 or 32 hex digits); PostgreSQL
  // would accept more (braces, odd dashes) but must not be asked to parse a malformed one (22P02).
  if (!table.is_uuid() || !uuid_to_hex(text)) return std::nullopt;
  return text;
}

}  // namespace restjwt::detail::pg
