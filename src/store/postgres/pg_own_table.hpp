// restjwt's own tables in PostgreSQL (restjwt_throttle, restjwt_keys): created by the first node
// that needs one, checked by every node before it serves.
#pragma once

#include <memory>
#include <string>

#include "store/postgres/pg_connection.hpp"

namespace restjwt::detail::pg {

// Connects and makes sure `table` is there: `create_sql` (CREATE … IF NOT EXISTS) when it is
// missing, then `check_sql` (a SELECT of every column, LIMIT 0), so that a table of that name made
// by someone else fails here and not at the first request. Two nodes starting at once may both
// try to create it: the loser fails on a catalogue row and finds the table there when it looks
// again. Errors say "cannot open <what>: …" and never echo the URL.
StoreResult<std::unique_ptr<Connection>> connect_with_table(const ConnectionSettings& settings,
                                                            const std::string& table,
                                                            const std::string& create_sql,
                                                            const std::string& check_sql,
                                                            const std::string& what);

}  // namespace restjwt::detail::pg
