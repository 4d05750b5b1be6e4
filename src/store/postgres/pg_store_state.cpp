#include "store/postgres/pg_store_state.hpp"

#include <chrono>

namespace restjwt::detail::pg {
namespace {

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Dashed 8-4-4-4-12 or 32 hex digits, as the SQLite store accepts; PostgreSQL would accept more
// spellings (braces, odd dashes) but must not be asked to parse a malformed one (22P02).
bool is_uuid_text(std::string_view text) {
  const bool dashed = text.size() == 36;
  if (!dashed && text.size() != 32) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash_position = dashed && (i == 8 || i == 13 || i == 18 || i == 23);
    if (dash_position ? text[i] != '-' : !is_hex(text[i])) return false;
  }
  return true;
}

}  // namespace

StoreResult<Result> run_statement(StoreState& state, Sql which, const Params& params,
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
  if (!table.is_uuid() || !is_uuid_text(text)) return std::nullopt;
  return text;
}

}  // namespace restjwt::detail::pg
