#include "store/postgres/pg_connection.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <poll.h>

#include "restjwt/database_url.hpp"

namespace restjwt::detail::pg {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// The client-side deadline of a statement exceeds the server's statement_timeout by this much,
// so that a slow statement ends with the server's clean 57014 rather than a dropped connection.
constexpr milliseconds kClientGrace{1000};

StoreError unavailable(std::string message) {
  return StoreError{StoreError::Kind::kUnavailable, std::move(message)};
}

// libpq messages end with a newline (and may hold several lines): keep one line.
std::string one_line(const char* text) {
  std::string line = text != nullptr ? text : "";
  std::replace(line.begin(), line.end(), '\n', ' ');
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

// Waits until the socket is ready or the deadline passes; false on timeout or poll failure.
bool wait_socket(int fd, short events, Deadline deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - steady_clock::now());
    if (left.count() <= 0 || fd < 0) return false;
    pollfd entry{fd, events, 0};
    const int ready =
        poll(&entry, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 60'000)));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return false;
  }
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

StoreError::Kind kind_of(std::string_view state) {
  if (state == "23505" || state == "23503") return StoreError::Kind::kConflict;
  // 08 connection, 53 resources, 57014 statement timeout, 57P0x shutdown / cannot connect now,
  // 40 serialization or deadlock, 55P03 lock timeout: all pass when tried again later.
  if (starts_with(state, "08") || starts_with(state, "53") || starts_with(state, "57") ||
      starts_with(state, "40") || state == "55P03") {
    return StoreError::Kind::kUnavailable;
  }
  // 22 bad data (a malformed uuid), 23 other constraints, 42 undefined table or column.
  if (starts_with(state, "22") || starts_with(state, "23") || starts_with(state, "42")) {
    return StoreError::Kind::kInvalid;
  }
  return StoreError::Kind::kInternal;
}

}  // namespace

StoreError result_error(const PGresult* result, std::string_view what) {
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  const std::string message = primary != nullptr ? primary : one_line(PQresultErrorMessage(result));
  // A result without SQLSTATE was made by libpq itself: the connection failed.
  const auto kind = state != nullptr ? kind_of(state) : StoreError::Kind::kUnavailable;
  return StoreError{kind, std::string(what) + ": " + message};
}

StoreResult<std::unique_ptr<Connection>> Connection::connect(const ConnectionSettings& settings) {
  char* parse_error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(settings.url.c_str(), &parse_error);
  if (parsed == nullptr) {
    // libpq quotes the URL it could not parse, password and all.
    std::string reason = parse_error != nullptr
                             ? redact_database_message(one_line(parse_error), settings.url)
                             : "out of memory";
    PQfreemem(parse_error);
    return unexpected(StoreError{StoreError::Kind::kInvalid, "bad database URL: " + reason});
  }
  PQconninfoFree(parsed);
  // expand_dbname: `dbname` carries the whole URL; application_name only if the URL has none.
  const char* const keys[] = {"dbname", "fallback_application_name", nullptr};
  const char* const values[] = {settings.url.c_str(), "restjwt", nullptr};
  PGconn* raw = PQconnectStartParams(keys, values, 1);
  if (raw == nullptr) {
    return unexpected(StoreError{StoreError::Kind::kInternal, "libpq: out of memory"});
  }
  std::unique_ptr<Connection> connection(new Connection(raw, settings.statement_timeout));
  // libpq prints server notices ("relation … already exists, skipping") on stderr by default:
  // unstructured lines among the server's log. Nothing restjwt runs needs them.
  PQsetNoticeProcessor(
      raw, [](void*, const char*) {}, nullptr);
  // Failing before any network step means an option libpq rejects (a port that is no number).
  if (PQstatus(raw) == CONNECTION_BAD) {
    return unexpected(
        StoreError{StoreError::Kind::kInvalid,
                   "bad database URL: " +
                       redact_database_message(one_line(PQerrorMessage(raw)), settings.url)});
  }
  const Deadline deadline = steady_clock::now() + settings.connect_timeout;
  PostgresPollingStatusType status = PGRES_POLLING_WRITING;
  while (PQstatus(raw) != CONNECTION_BAD && status != PGRES_POLLING_OK &&
         status != PGRES_POLLING_FAILED) {
    const short events = status == PGRES_POLLING_READING ? POLLIN : POLLOUT;
    if (!wait_socket(PQsocket(raw), events, deadline)) {
      return unexpected(unavailable("cannot connect to PostgreSQL: no answer within " +
                                    std::to_string(settings.connect_timeout.count()) + " ms"));
    }
    status = PQconnectPoll(raw);
  }
  if (PQstatus(raw) != CONNECTION_OK) {
    return unexpected(
        unavailable("cannot connect to PostgreSQL: " +
                    redact_database_message(one_line(PQerrorMessage(raw)), settings.url)));
  }
  if (PQsetnonblocking(raw, 1) != 0) {
    return unexpected(
        unavailable("cannot configure the connection: " +
                    redact_database_message(one_line(PQerrorMessage(raw)), settings.url)));
  }
  // Per session rather than in the URL's `options`, which the operator may set for other needs.
  // UTC and ISO make timestamptz read back as Django's naive UTC text (docs/users.md).
  const std::string setup =
      "SET statement_timeout = " + std::to_string(settings.statement_timeout.count()) +
      "; SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'";
  if (auto done = connection->run(setup, {}, "cannot configure the session"); !done) {
    return unexpected(done.error());
  }
  return connection;
}

Connection::~Connection() { PQfinish(conn_); }

Deadline Connection::deadline() const {
  return steady_clock::now() + statement_timeout_ + kClientGrace;
}

bool Connection::still_usable() {
  if (!healthy() || PQconsumeInput(conn_) == 0 || PQstatus(conn_) != CONNECTION_OK) {
    broken_ = true;
    return false;
  }
  return true;
}

StoreError Connection::lost(std::string_view what) {
  broken_ = true;
  return unavailable(std::string(what) + ": " + one_line(PQerrorMessage(conn_)));
}

StoreResult<Result> Connection::run_prepared(std::size_t index, const std::string& sql,
                                             const Params& params, std::string_view what) {
  const std::string name = "s" + std::to_string(index);
  if (prepared_.size() <= index) prepared_.resize(index + 1, false);
  const Deadline until = deadline();
  if (!prepared_[index]) {
    if (PQsendPrepare(conn_, name.c_str(), sql.c_str(), 0, nullptr) == 0)
      return unexpected(lost(what));
    auto done = finish(what, until);
    if (!done) return unexpected(done.error());
    prepared_[index] = true;
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& value : params) values.push_back(value.c_str());
  if (PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(),
                          nullptr, nullptr, 0) == 0) {
    return unexpected(lost(what));
  }
  return finish(what, until);
}

StoreResult<Result> Connection::run(const std::string& sql, const Params& params,
                                    std::string_view what) {
  std::vector<const char*> values;
  for (const auto& value : params) values.push_back(value.c_str());
  const int sent = params.empty()
                       ? PQsendQuery(conn_, sql.c_str())
                       : PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(values.size()),
                                           nullptr, values.data(), nullptr, nullptr, 0);
  if (sent == 0) return unexpected(lost(what));
  return finish(what, deadline());
}

// Flushes the query, then reads every result; returns the first error or the last result.
StoreResult<Result> Connection::finish(std::string_view what, Deadline until) {
  const auto timed_out = [&] {
    broken_ = true;  // a statement may still be running: the connection is not reusable
    return unavailable(std::string(what) + ": no answer from PostgreSQL within " +
                       std::to_string((statement_timeout_ + kClientGrace).count()) + " ms");
  };
  for (int flushed = PQflush(conn_); flushed != 0; flushed = PQflush(conn_)) {
    if (flushed < 0) return unexpected(lost(what));
    if (!wait_socket(PQsocket(conn_), POLLIN | POLLOUT, until)) return unexpected(timed_out());
    if (PQconsumeInput(conn_) == 0) return unexpected(lost(what));
  }
  Result last;
  Result error;
  for (;;) {
    while (PQisBusy(conn_) != 0) {
      if (!wait_socket(PQsocket(conn_), POLLIN, until)) return unexpected(timed_out());
      if (PQconsumeInput(conn_) == 0) return unexpected(lost(what));
    }
    Result result(PQgetResult(conn_));
    if (result == nullptr) break;
    const auto status = PQresultStatus(result.get());
    if (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE) {
      if (error == nullptr) error = std::move(result);
    } else {
      last = std::move(result);
    }
  }
  if (error != nullptr) {
    StoreError failure = result_error(error.get(), what);
    if (PQstatus(conn_) != CONNECTION_OK) {
      broken_ = true;
      failure.kind = StoreError::Kind::kUnavailable;
    }
    return unexpected(std::move(failure));
  }
  if (PQstatus(conn_) != CONNECTION_OK || last == nullptr) return unexpected(lost(what));
  return last;
}

std::uint64_t affected_rows(const Result& result) {
  return std::strtoull(PQcmdTuples(result.get()), nullptr, 10);
}

}  // namespace restjwt::detail::pg
