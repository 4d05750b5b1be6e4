// One libpq connection whose every round trip is bounded by a deadline: the socket is
// non-blocking and waited on with poll(), because libpq's own blocking calls would wait forever
// on a network that silently drops packets.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <libpq-fe.h>

#include "restjwt/user_store.hpp"

namespace restjwt::detail::pg {

using Deadline = std::chrono::steady_clock::time_point;

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// Parameters in text format; PostgreSQL converts them to the column types.
using Params = std::vector<std::string>;

// The rows an INSERT, UPDATE or DELETE touched.
std::uint64_t affected_rows(const Result& result);

struct ConnectionSettings {
  std::string url;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds statement_timeout{5000};
};

class Connection {
 public:
  // Connects within connect_timeout and sets up the session (statement_timeout, UTC, ISO
  // dates). kInvalid when libpq cannot parse the URL, kUnavailable when the server cannot be
  // reached or refuses the session.
  static StoreResult<std::unique_ptr<Connection>> connect(const ConnectionSettings& settings);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs statement `index` (prepared on this connection the first time, as "s<index>").
  StoreResult<Result> run_prepared(std::size_t index, const std::string& sql, const Params& params,
                                   std::string_view what);
  // Runs `sql` unprepared (start-up and schema work): with parameters it is one statement,
  // without it may be several.
  StoreResult<Result> run(const std::string& sql, const Params& params, std::string_view what);

  // False once a call failed in a way that leaves the connection unusable (lost, timed out).
  [[nodiscard]] bool healthy() const { return !broken_ && PQstatus(conn_) == CONNECTION_OK; }
  // Reads whatever the server sent while the connection was idle (a shutdown notice, EOF): a
  // cheap check before lending it out, without a round trip.
  bool still_usable();

 private:
  Connection(PGconn* conn, std::chrono::milliseconds statement_timeout)
      : conn_(conn), statement_timeout_(statement_timeout) {}
  [[nodiscard]] Deadline deadline() const;
  StoreResult<Result> finish(std::string_view what, Deadline deadline);
  StoreError lost(std::string_view what);

  PGconn* conn_;
  std::chrono::milliseconds statement_timeout_;
  std::vector<bool> prepared_;
  bool broken_ = false;
};

// The StoreError for a failed result: the SQLSTATE decides the kind (unique violation →
// kConflict; connection, timeout, shutdown, lack of resources → kUnavailable; bad data or
// schema → kInvalid; anything else kInternal).
StoreError result_error(const PGresult* result, std::string_view what);

}  // namespace restjwt::detail::pg
