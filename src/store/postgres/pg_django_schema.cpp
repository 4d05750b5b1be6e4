#include "store/postgres/pg_django_schema.hpp"

#include <string_view>

#include "store/common/django_auth_schema.hpp"

namespace restjwt::detail::pg {
namespace {

// Any constant shared by every restjwt process: "restjwt" in ASCII.
constexpr const char* kCreateLock = "SELECT pg_advisory_xact_lock(7310312597102634100)";

constexpr std::string_view kWhat = "cannot create the Django schema";

}  // namespace

StoreResult<void> create_django_auth_schema(Connection& connection,
                                            const std::string& applied_micros) {
  for (const char* step : {"BEGIN", kCreateLock}) {
    if (auto done = connection.run(step, {}, kWhat); !done) return unexpected(done.error());
  }
  auto existing = connection.run(
      "SELECT to_regclass('\"auth_user\"') IS NOT NULL, "
      "to_regclass('\"django_migrations\"') IS NOT NULL",
      {}, kWhat);
  if (!existing) return unexpected(existing.error());
  const bool has_user = PQgetvalue(existing->get(), 0, 0)[0] == 't';
  const bool has_migrations = PQgetvalue(existing->get(), 0, 1)[0] == 't';
  if (!has_user && has_migrations) {
    (void)connection.run("ROLLBACK", {}, kWhat);
    return unexpected(StoreError{StoreError::Kind::kInvalid,
                                 "no table \"auth_user\", but the database has Django migrations: "
                                 "run Django's migrate"});
  }
  if (!has_user) {
    std::string ddl;
    for (const std::string& statement : django_auth_schema_ddl(SqlDialect::kPostgres)) {
      ddl += statement + ";\n";
    }
    if (auto done = connection.run(ddl, {}, kWhat); !done) return unexpected(done.error());
    std::string insert = "INSERT INTO django_migrations (app, name, applied) VALUES ";
    const std::string applied =
        "'epoch'::timestamptz + " + applied_micros + "::bigint * interval '1 microsecond'";
    bool first = true;
    for (const auto& [app, name] : django_auth_migrations()) {
      insert += std::string(first ? "" : ", ") + "('" + std::string(app) + "', '" +
                std::string(name) + "', " + applied + ")";
      first = false;
    }
    if (auto done = connection.run(insert, {}, kWhat); !done) return unexpected(done.error());
  }
  if (auto done = connection.run("COMMIT", {}, kWhat); !done) return unexpected(done.error());
  return {};
}

}  // namespace restjwt::detail::pg
