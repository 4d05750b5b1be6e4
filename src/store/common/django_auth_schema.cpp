#include "store/common/django_auth_schema.hpp"

#include <array>
#include <cstdint>
#include <initializer_list>

namespace restjwt::detail {
namespace {

// A column type as Django's SQLite and PostgreSQL backends spell it.
struct ColumnType {
  constexpr ColumnType(std::string_view sqlite_type, std::string_view postgres_type)
      : sqlite(sqlite_type), postgres(postgres_type) {}
  // A type both spell alike, written as a string literal in the tables below.
  constexpr ColumnType(const char* both) : sqlite(both), postgres(both) {}
  std::string_view sqlite;
  std::string_view postgres;
};

constexpr ColumnType kAutoField{"integer", "serial"};
constexpr ColumnType kBigAutoField{"integer", "bigserial"};
constexpr ColumnType kDateTime{"datetime", "timestamp with time zone"};
constexpr ColumnType kBoolean{"bool", "boolean"};

enum class Constraint : std::uint8_t { kPrimaryKey, kNotNull, kNull, kUnique };

struct Column {
  std::string_view name;
  ColumnType type;
  Constraint constraint;
  // Django's migrate leaves this column last in SQLite, not in model order.
  bool last_in_sqlite = false;
  // PostgreSQL only: the varchar_pattern_ops index Django adds for LIKE on a unique varchar.
  std::string_view like_index = {};
};

// A ForeignKey to `table`'s "id", DEFERRABLE INITIALLY DEFERRED as Django declares them: inline
// in SQLite, a named constraint in PostgreSQL; both index the column.
struct ForeignKey {
  std::string_view column;
  std::string_view table;
  std::string_view index;
  std::string_view postgres_constraint;
};

// unique_together (and a ManyToMany's pair): a unique index in SQLite, a constraint in
// PostgreSQL, under one name.
struct UniqueTogether {
  std::string_view name;
  std::array<std::string_view, 2> columns;
};

struct Table {
  std::string_view name;
  std::span<const Column> columns;
  std::span<const UniqueTogether> unique_together = {};
  std::span<const ForeignKey> foreign_keys = {};
};

// A ManyToManyField's table: a BigAutoField key, and a foreign key to each side, unique together.
struct ManyToMany {
  std::array<Column, 3> columns;
  std::array<UniqueTogether, 1> unique;
  std::array<ForeignKey, 2> keys;
};

constexpr ManyToMany many_to_many(const ForeignKey& from, const ForeignKey& to,
                                  std::string_view unique) {
  return {{{{"id", kBigAutoField, Constraint::kPrimaryKey},
            {from.column, "integer", Constraint::kNotNull},
            {to.column, "integer", Constraint::kNotNull}}},
          {{{unique, {from.column, to.column}}}},
          {{from, to}}};
}

// Django 3.2.25's migrate (contenttypes 0001-0002, auth 0001-0012, a startproject settings file):
// sqlite_master on SQLite, pg_dump --schema-only on PostgreSQL 15.
constexpr Column kMigrations[] = {
    {"id", kBigAutoField, Constraint::kPrimaryKey},
    {"app", "varchar(255)", Constraint::kNotNull},
    {"name", "varchar(255)", Constraint::kNotNull},
    {"applied", kDateTime, Constraint::kNotNull},
};

constexpr Column kContentType[] = {
    {"id", kAutoField, Constraint::kPrimaryKey},
    {"app_label", "varchar(100)", Constraint::kNotNull},
    {"model", "varchar(100)", Constraint::kNotNull},
};
constexpr UniqueTogether kContentTypeUnique[] = {
    {"django_content_type_app_label_model_76bd3d3b_uniq", {"app_label", "model"}}};

constexpr Column kPermission[] = {
    {"id", kAutoField, Constraint::kPrimaryKey},
    {"name", "varchar(255)", Constraint::kNotNull, true},
    {"content_type_id", "integer", Constraint::kNotNull},
    {"codename", "varchar(100)", Constraint::kNotNull},
};
constexpr UniqueTogether kPermissionUnique[] = {
    {"auth_permission_content_type_id_codename_01ab375a_uniq", {"content_type_id", "codename"}}};
constexpr ForeignKey kPermissionKeys[] = {
    {"content_type_id", "django_content_type", "auth_permission_content_type_id_2f476e4b",
     "auth_permission_content_type_id_2f476e4b_fk_django_co"}};

constexpr Column kGroup[] = {
    {"id", kAutoField, Constraint::kPrimaryKey},
    {"name", "varchar(150)", Constraint::kUnique, false, "auth_group_name_a6ea08ec_like"},
};

constexpr Column kUser[] = {
    {"id", kAutoField, Constraint::kPrimaryKey},
    {"password", "varchar(128)", Constraint::kNotNull},
    {"last_login", kDateTime, Constraint::kNull},
    {"is_superuser", kBoolean, Constraint::kNotNull},
    {"username", "varchar(150)", Constraint::kUnique, false, "auth_user_username_6821ab7c_like"},
    {"first_name", "varchar(150)", Constraint::kNotNull, true},
    {"last_name", "varchar(150)", Constraint::kNotNull},
    {"email", "varchar(254)", Constraint::kNotNull},
    {"is_staff", kBoolean, Constraint::kNotNull},
    {"is_active", kBoolean, Constraint::kNotNull},
    {"date_joined", kDateTime, Constraint::kNotNull},
};

constexpr ManyToMany kGroupPermissions = many_to_many(
    {"group_id", "auth_group", "auth_group_permissions_group_id_b120cbf9",
     "auth_group_permissions_group_id_b120cbf9_fk_auth_group_id"},
    {"permission_id", "auth_permission", "auth_group_permissions_permission_id_84c5c92e",
     "auth_group_permissio_permission_id_84c5c92e_fk_auth_perm"},
    "auth_group_permissions_group_id_permission_id_0cd325b0_uniq");

constexpr ManyToMany kUserGroups =
    many_to_many({"user_id", "auth_user", "auth_user_groups_user_id_6a12ed8b",
                  "auth_user_groups_user_id_6a12ed8b_fk_auth_user_id"},
                 {"group_id", "auth_group", "auth_user_groups_group_id_97559544",
                  "auth_user_groups_group_id_97559544_fk_auth_group_id"},
                 "auth_user_groups_user_id_group_id_94350c0c_uniq");

constexpr ManyToMany kUserPermissions = many_to_many(
    {"user_id", "auth_user", "auth_user_user_permissions_user_id_a95ead1b",
     "auth_user_user_permissions_user_id_a95ead1b_fk_auth_user_id"},
    {"permission_id", "auth_permission", "auth_user_user_permissions_permission_id_1fbb5f2c",
     "auth_user_user_permi_permission_id_1fbb5f2c_fk_auth_perm"},
    "auth_user_user_permissions_user_id_permission_id_14a6b632_uniq");

constexpr Table table_of(std::string_view name, const ManyToMany& table) {
  return {name, table.columns, table.unique, table.keys};
}

// In creation order: a table comes after the tables it references.
constexpr Table kTables[] = {
    {"django_migrations", kMigrations},
    {"django_content_type", kContentType, kContentTypeUnique},
    {"auth_permission", kPermission, kPermissionUnique, kPermissionKeys},
    {"auth_group", kGroup},
    table_of("auth_group_permissions", kGroupPermissions),
    {"auth_user", kUser},
    table_of("auth_user_groups", kUserGroups),
    table_of("auth_user_user_permissions", kUserPermissions),
};

constexpr DjangoMigration kAuthMigrations[] = {
    {"contenttypes", "0001_initial"},
    {"contenttypes", "0002_remove_content_type_name"},
    {"auth", "0001_initial"},
    {"auth", "0002_alter_permission_name_max_length"},
    {"auth", "0003_alter_user_email_max_length"},
    {"auth", "0004_alter_user_username_opts"},
    {"auth", "0005_alter_user_last_login_null"},
    {"auth", "0006_require_contenttypes_0002"},
    {"auth", "0007_alter_validators_add_error_messages"},
    {"auth", "0008_alter_user_username_max_length"},
    {"auth", "0009_alter_user_last_name_max_length"},
    {"auth", "0010_alter_group_name_max_length"},
    {"auth", "0011_update_proxy_permissions"},
    {"auth", "0012_alter_user_first_name_max_length"},
};

std::string quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

const ForeignKey* foreign_key_of(const Table& table, std::string_view column) {
  for (const ForeignKey& key : table.foreign_keys) {
    if (key.column == column) return &key;
  }
  return nullptr;
}

std::string column_definition(const Table& table, const Column& column, SqlDialect dialect) {
  const bool sqlite = dialect == SqlDialect::kSqlite;
  std::string sql = quoted(column.name) + " ";
  sql += sqlite ? column.type.sqlite : column.type.postgres;
  switch (column.constraint) {
    case Constraint::kPrimaryKey:
      sql += sqlite ? " NOT NULL PRIMARY KEY AUTOINCREMENT" : " NOT NULL PRIMARY KEY";
      break;
    case Constraint::kNotNull:
      sql += " NOT NULL";
      break;
    case Constraint::kNull:
      sql += " NULL";
      break;
    case Constraint::kUnique:
      sql += " NOT NULL UNIQUE";
      break;
  }
  if (const ForeignKey* key = foreign_key_of(table, column.name); key != nullptr && sqlite) {
    sql += " REFERENCES " + quoted(key->table) + " (\"id\") DEFERRABLE INITIALLY DEFERRED";
  }
  return sql;
}

std::string create_table(const Table& table, SqlDialect dialect) {
  std::string columns;
  const auto add = [&](const Column& column) {
    columns += (columns.empty() ? "" : ", ") + column_definition(table, column, dialect);
  };
  const bool sqlite = dialect == SqlDialect::kSqlite;
  for (const Column& column : table.columns) {
    if (!(sqlite && column.last_in_sqlite)) add(column);
  }
  for (const Column& column : table.columns) {
    if (sqlite && column.last_in_sqlite) add(column);
  }
  return "CREATE TABLE " + quoted(table.name) + " (" + columns + ")";
}

// One statement from its pieces.
std::string statement(std::initializer_list<std::string_view> pieces) {
  std::string sql;
  for (const std::string_view piece : pieces) sql += piece;
  return sql;
}

void add_table(const Table& table, SqlDialect dialect, std::vector<std::string>& ddl) {
  const bool sqlite = dialect == SqlDialect::kSqlite;
  const std::string name = quoted(table.name);
  ddl.push_back(create_table(table, dialect));
  for (const UniqueTogether& unique : table.unique_together) {
    const std::string columns =
        statement({"(", quoted(unique.columns[0]), ", ", quoted(unique.columns[1]), ")"});
    ddl.push_back(sqlite ? statement({"CREATE UNIQUE INDEX ", quoted(unique.name), " ON ", name,
                                      " ", columns})
                         : statement({"ALTER TABLE ", name, " ADD CONSTRAINT ", quoted(unique.name),
                                      " UNIQUE ", columns}));
  }
  for (const ForeignKey& key : table.foreign_keys) {
    if (!sqlite) {
      ddl.push_back(
          statement({"ALTER TABLE ", name, " ADD CONSTRAINT ", quoted(key.postgres_constraint),
                     " FOREIGN KEY (", quoted(key.column), ") REFERENCES ", quoted(key.table),
                     " (\"id\") DEFERRABLE INITIALLY DEFERRED"}));
    }
  }
  for (const ForeignKey& key : table.foreign_keys) {
    ddl.push_back(statement(
        {"CREATE INDEX ", quoted(key.index), " ON ", name, " (", quoted(key.column), ")"}));
  }
  for (const Column& column : table.columns) {
    if (!sqlite && !column.like_index.empty()) {
      ddl.push_back(statement({"CREATE INDEX ", quoted(column.like_index), " ON ", name, " (",
                               quoted(column.name), " varchar_pattern_ops)"}));
    }
  }
}

}  // namespace

std::vector<std::string> django_auth_schema_ddl(SqlDialect dialect) {
  std::vector<std::string> ddl;
  for (const Table& table : kTables) add_table(table, dialect, ddl);
  return ddl;
}

std::span<const DjangoMigration> django_auth_migrations() { return kAuthMigrations; }

}  // namespace restjwt::detail
