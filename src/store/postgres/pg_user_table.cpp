#include "store/postgres/pg_user_table.hpp"

#include <map>
#include <string>

#include "store/common/user_statements.hpp"

namespace restjwt::detail::pg {
namespace {

constexpr std::string_view kWhat = "reading the schema";

StoreError invalid(std::string message) {
  return StoreError{StoreError::Kind::kInvalid, std::move(message)};
}

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

std::string value(const Result& result, int row, int column) {
  return PQgetvalue(result.get(), row, column);
}

bool is_integer_type(const std::string& type) {
  return type == "integer" || type == "bigint" || type == "smallint";
}

StoreResult<void> check_primary_key(Connection& connection, const std::string& oid,
                                    UserTable& table,
                                    const std::map<std::string, std::string>& types) {
  auto keys = connection.run(
      "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
      "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = $1::oid AND i.indisprimary",
      {oid}, kWhat);
  if (!keys) return unexpected(keys.error());
  const std::string& t = table.schema.table;
  if (PQntuples(keys->get()) != 1) {
    return unexpected(invalid("table " + quoted(t) + " has no single-column primary key"));
  }
  table.pk_column = value(*keys, 0, 0);
  const std::string& type = types.at(table.pk_column);
  // AutoField / BigAutoField are integer / bigint; Django's UUIDField is PostgreSQL's uuid.
  const bool ok = table.is_uuid() ? type == "uuid" : is_integer_type(type);
  if (!ok) {
    return unexpected(invalid("table " + quoted(t) + ": primary key " + quoted(table.pk_column) +
                              " is " + type + ", but the id type is configured as " +
                              (table.is_uuid() ? "uuid" : "integer")));
  }
  return {};
}

StoreResult<void> find_cascades(Connection& connection, const std::string& oid, UserTable& table) {
  const std::string& t = table.schema.table;
  // Django names many-to-many tables <db_table>_<field>; the admin log always references users.
  auto found = connection.run(
      "SELECT c.relname, a.attname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
      "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] "
      "WHERE k.contype = 'f' AND k.confrelid = $1::oid "
      "AND k.conrelid IN (to_regclass($2), to_regclass($3), to_regclass($4)) ORDER BY 1",
      {oid, quote_identifier(t + "_groups"), quote_identifier(t + "_user_permissions"),
       quote_identifier("django_admin_log")},
      kWhat);
  if (!found) return unexpected(found.error());
  for (int row = 0; row < PQntuples(found->get()); ++row) {
    table.cascades.emplace_back(value(*found, row, 0), value(*found, row, 1));
  }
  return {};
}

}  // namespace

StoreResult<UserTable> inspect_user_table(Connection& connection, const UserTableSchema& schema) {
  UserTable table;
  table.schema = schema;
  const std::string& t = schema.table;
  // to_regclass follows search_path, as Django's unqualified db_table does.
  auto relation = connection.run("SELECT to_regclass($1)::oid", {quote_identifier(t)}, kWhat);
  if (!relation) return unexpected(relation.error());
  if (PQgetisnull(relation->get(), 0, 0) != 0) {
    return unexpected(StoreError{StoreError::Kind::kNotFound, "no table " + quoted(t)});
  }
  const std::string oid = value(*relation, 0, 0);
  auto columns = connection.run(
      "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
      "WHERE attrelid = $1::oid AND attnum > 0 AND NOT attisdropped",
      {oid}, kWhat);
  if (!columns) return unexpected(columns.error());
  std::map<std::string, std::string> types;  // PostgreSQL names are case-sensitive once quoted
  for (int row = 0; row < PQntuples(columns->get()); ++row) {
    types[value(*columns, row, 0)] = value(*columns, row, 1);
  }
  if (auto key = check_primary_key(connection, oid, table, types); !key) {
    return unexpected(key.error());
  }
  const auto has = [&](const std::string& name) { return types.count(name) != 0; };
  if (auto missing = missing_required_column(schema, has)) {
    return unexpected(invalid(std::move(*missing)));
  }
  mark_optional_columns(table, has);
  const auto with_tz = [&](const char* name) {
    return !has(name) || types[name] == "timestamp with time zone";
  };
  table.last_login_tz = with_tz("last_login");
  table.date_joined_tz = with_tz("date_joined");
  table.secret_is_uuid = table.has_secret() && types[schema.secret_column] == "uuid";
  if (auto cascades = find_cascades(connection, oid, table); !cascades) {
    return unexpected(cascades.error());
  }
  return table;
}

}  // namespace restjwt::detail::pg
