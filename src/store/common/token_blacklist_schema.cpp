#include "store/common/token_blacklist_schema.hpp"

#include <array>

namespace restjwt::detail {

std::vector<std::string> token_blacklist_ddl_sqlite(const std::string& user_table) {
  // Column order is the migrations' history: 0001 made the table, later ones re-added jti and id.
  return {
      "CREATE TABLE \"token_blacklist_outstandingtoken\" (\"token\" text NOT NULL, "
      "\"created_at\" datetime NULL, \"expires_at\" datetime NOT NULL, \"user_id\" integer NULL "
      "REFERENCES \"" +
          user_table +
          "\" (\"id\") DEFERRABLE INITIALLY DEFERRED, \"jti\" varchar(255) NOT NULL UNIQUE, "
          "\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT)",
      "CREATE TABLE \"token_blacklist_blacklistedtoken\" (\"blacklisted_at\" datetime NOT NULL, "
      "\"token_id\" bigint NOT NULL UNIQUE REFERENCES \"token_blacklist_outstandingtoken\" "
      "(\"id\") DEFERRABLE INITIALLY DEFERRED, \"id\" integer NOT NULL PRIMARY KEY "
      "AUTOINCREMENT)",
      "CREATE INDEX \"token_blacklist_outstandingtoken_user_id_83bc629a\" ON "
      "\"token_blacklist_outstandingtoken\" (\"user_id\")",
  };
}

std::vector<std::string> token_blacklist_ddl_postgres(const std::string& user_table,
                                                      const std::string& user_type) {
  return {
      "CREATE TABLE \"token_blacklist_outstandingtoken\" (\"id\" bigserial NOT NULL PRIMARY "
      "KEY, \"token\" text NOT NULL, \"created_at\" timestamp with time zone NULL, "
      "\"expires_at\" timestamp with time zone NOT NULL, \"user_id\" " +
          user_type + " NULL, \"jti\" varchar(255) NOT NULL UNIQUE)",
      "ALTER TABLE \"token_blacklist_outstandingtoken\" ADD CONSTRAINT "
      "\"token_blacklist_outs_user_id_83bc629a_fk_auth_user\" FOREIGN KEY (\"user_id\") "
      "REFERENCES \"" +
          user_table + "\" (\"id\") DEFERRABLE INITIALLY DEFERRED",
      "CREATE INDEX \"token_blacklist_outstandingtoken_user_id_83bc629a\" ON "
      "\"token_blacklist_outstandingtoken\" (\"user_id\")",
      "CREATE INDEX \"token_blacklist_outstandingtoken_jti_hex_d9bdf6f7_like\" ON "
      "\"token_blacklist_outstandingtoken\" (\"jti\" varchar_pattern_ops)",
      "CREATE TABLE \"token_blacklist_blacklistedtoken\" (\"id\" bigserial NOT NULL PRIMARY "
      "KEY, \"blacklisted_at\" timestamp with time zone NOT NULL, \"token_id\" bigint NOT NULL "
      "UNIQUE)",
      "ALTER TABLE \"token_blacklist_blacklistedtoken\" ADD CONSTRAINT "
      "\"token_blacklist_blacklistedtoken_token_id_3cc7fe56_fk\" FOREIGN KEY (\"token_id\") "
      "REFERENCES \"token_blacklist_outstandingtoken\" (\"id\") DEFERRABLE INITIALLY DEFERRED",
  };
}

std::span<const std::string_view> token_blacklist_migrations() {
  static constexpr std::array<std::string_view, 11> kNames{
      "0001_initial",
      "0002_outstandingtoken_jti_hex",
      "0003_auto_20171017_2007",
      "0004_auto_20171017_2013",
      "0005_remove_outstandingtoken_jti",
      "0006_auto_20171017_2113",
      "0007_auto_20171017_2214",
      "0008_migrate_to_bigautofield",
      "0010_fix_migrate_to_bigautofield",
      "0011_linearizes_history",
      "0012_alter_outstandingtoken_user",
  };
  return kNames;
}

}  // namespace restjwt::detail
