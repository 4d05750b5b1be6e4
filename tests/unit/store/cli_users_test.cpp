// The user commands of the `restjwt` binary: exit codes (0 done, 1 failed, 2 usage), one-line
// messages on stderr, passwords only from stdin or the terminal and never printed.
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "restjwt/password_hasher.hpp"
#include "restjwt/sqlite_revocation_store.hpp"
#include "restjwt/sqlite_user_store.hpp"
#include "store_test_support.hpp"

namespace restjwt {
namespace {

using testing::CommandResult;

const std::string kBinary = RESTJWT_BINARY_DIR "/restjwt";

class CliUsers : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kBinary)) GTEST_SKIP() << "build the restjwt target first";
    std::filesystem::create_directory(dir_.file("var"));
  }

  // Runs restjwt in the temporary directory, without the caller's DATABASE_URL.
  CommandResult restjwt(const std::string& arguments, const std::string& input = "",
                        const std::string& env = "") {
    return testing::run_command(
        dir_.path(), "env -u DATABASE_URL " + env + " '" + kBinary + "' " + arguments, input);
  }

  // The user as the library reads it from the default database.
  std::optional<User> stored(const std::string& username) {
    SqliteStoreOptions options;
    options.path = dir_.file("var/restjwt.sqlite3");
    return SqliteUserStore::open(options).value()->find_by_username(username).value();
  }

  testing::TempDir dir_;
};

TEST_F(CliUsers, CreateuserMakesTheDefaultDatabaseAndHashesWithPbkdf2) {
  const auto created = restjwt(
      "createuser --username alice --email alice@EXAMPLE.com --staff "
      "--password-stdin",
      "correct horse\n");
  EXPECT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(created.out, "Created user \"alice\" (id 1).\n");
  EXPECT_EQ(created.err, "");
  const auto alice = stored("alice");
  ASSERT_TRUE(alice);
  EXPECT_EQ(alice->email, "alice@example.com");  // the domain normalised, as Django does
  EXPECT_TRUE(alice->is_staff);
  EXPECT_FALSE(alice->is_superuser);
  EXPECT_TRUE(alice->password.starts_with("pbkdf2_sha256$1000000$")) << alice->password;
  const auto hashers = PasswordHashers::from_names({"pbkdf2_sha256"}).value();
  EXPECT_TRUE(hashers.check_password("correct horse", alice->password).matches);

  const auto again = restjwt("createuser --username alice --no-password");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.err, "restjwt: user \"alice\" already exists\n");
}

TEST_F(CliUsers, CreateuserTakesUsernamesAsDjangoDoesAndRefusesLookalikes) {
  ASSERT_EQ(restjwt("createuser --username bob --no-password").exit_code, 0);
  // ｂｏｂ (fullwidth) is bob once NFKC-normalised, as Django stores it.
  const auto lookalike =
      restjwt("createuser --username '\xEF\xBD\x82\xEF\xBD\x8F\xEF\xBD\x82' --no-password");
  EXPECT_EQ(lookalike.exit_code, 1);
  EXPECT_EQ(lookalike.err,
            "restjwt: user \"bob\" already exists (\"\xEF\xBD\x82\xEF\xBD\x8F\xEF\xBD\x82\" is "
            "\"bob\" once normalized as Django does)\n");
  const auto ligature = restjwt("createuser --username '\xEF\xAC\x81le' --no-password");
  EXPECT_EQ(ligature.exit_code, 0) << ligature.err;
  EXPECT_EQ(ligature.out, "Created user \"file\" (id 2).\n");
  const auto spaced = restjwt("createuser --username 'bob smith' --no-password");
  EXPECT_EQ(spaced.exit_code, 2);
  EXPECT_EQ(spaced.err,
            "restjwt: --username \"bob smith\": Enter a valid username. This value may contain "
            "only letters, numbers, and @/./+/-/_ characters.\n");
  const auto long_name =
      restjwt("createuser --username " + std::string(151, 'a') + " --no-password");
  EXPECT_EQ(long_name.exit_code, 2);
  EXPECT_TRUE(
      long_name.err.ends_with(": Ensure this value has at most 150 characters (it has "
                              "151).\n"))
      << long_name.err;
  const auto broken = restjwt("createuser --username \"$(printf '\\377')\" --no-password");
  EXPECT_EQ(broken.exit_code, 2) << broken.err;
  EXPECT_TRUE(broken.err.ends_with(": the username is not valid UTF-8\n")) << broken.err;
  const auto long_email = restjwt("createuser --username carol --email " + std::string(250, 'c') +
                                  "@example.com --no-password");
  EXPECT_EQ(long_email.exit_code, 2);
  EXPECT_FALSE(stored("carol"));
}

TEST_F(CliUsers, CreateuserOptionsSetDjangosFlags) {
  ASSERT_EQ(restjwt("createuser --username root --superuser --no-password").exit_code, 0);
  ASSERT_EQ(restjwt("createuser --username off --inactive --no-password").exit_code, 0);
  const auto root = stored("root");
  EXPECT_TRUE(root->is_superuser);
  EXPECT_TRUE(root->is_staff);  // createsuperuser sets both
  EXPECT_FALSE(PasswordHashers::is_password_usable(root->password));
  EXPECT_FALSE(stored("off")->is_active);
}

TEST_F(CliUsers, UsageErrorsExitWithTwo) {
  for (const std::string& arguments :
       {std::string("createuser --password-stdin"),
        std::string("createuser --username a --password-stdin --no-password"),
        std::string("createuser --username '' --no-password"), std::string("users"),
        std::string("users activate"), std::string("users list --config restjwt.toml"),
        std::string("users list --database sqlite://host/db")}) {
    const auto result = restjwt(arguments);
    EXPECT_EQ(result.exit_code, 2) << arguments << ": " << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_TRUE(result.err.starts_with("restjwt: ")) << result.err;
  }
  EXPECT_EQ(restjwt("users list --config restjwt.toml").err,
            "restjwt: cannot read config file \"restjwt.toml\": No such file or directory\n");
  // No terminal and no --password-stdin: nowhere to read a password from.
  EXPECT_EQ(restjwt("createuser --username bob").err,
            "restjwt: no terminal to ask for the password: use --password-stdin (or "
            "--no-password for createuser)\n");
}

TEST_F(CliUsers, DatabaseComesFromTheFlagThenTheEnvironment) {
  const std::string flag_db = dir_.file("flag.sqlite3");
  ASSERT_EQ(
      restjwt("createuser --username a --no-password --database sqlite:///flag.sqlite3").exit_code,
      0);
  EXPECT_TRUE(std::filesystem::exists(flag_db));
  ASSERT_EQ(restjwt("createuser --username b --no-password", "",
                    "DATABASE_URL=sqlite:////" + dir_.file("env.sqlite3").substr(1))
                .exit_code,
            0);
  EXPECT_TRUE(std::filesystem::exists(dir_.file("env.sqlite3")));
  EXPECT_FALSE(std::filesystem::exists(dir_.file("var/restjwt.sqlite3")));
  const auto missing = restjwt("users list --database sqlite:///none/db.sqlite3");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err,
            "restjwt: cannot open database \"none/db.sqlite3\": directory \"none\" "
            "does not exist\n");
}

TEST_F(CliUsers, ConfigGivesTheDatabaseAndTheHasherWithoutNeedingTheSecret) {
  {
    std::ofstream config(dir_.file("restjwt.toml"));
    config << "[database]\nurl = \"sqlite:///from-config.sqlite3\"\n"
              "[passwords]\nhashers = [\"pbkdf2_sha256\"]\npbkdf2_iterations = 1200\n";
  }
  const auto created =
      restjwt("createuser --config restjwt.toml --username cfg --password-stdin", "pw");
  ASSERT_EQ(created.exit_code, 0) << created.err;
  SqliteStoreOptions options;
  options.path = dir_.file("from-config.sqlite3");
  auto store = SqliteUserStore::open(options).value();
  const auto user = store->find_by_username("cfg").value();
  ASSERT_TRUE(user.has_value());
  EXPECT_TRUE(user->password.starts_with("pbkdf2_sha256$1200$")) << user->password;
  const auto bad = restjwt("users list --config restjwt.toml --database sqlite:///other.sqlite3");
  EXPECT_EQ(bad.exit_code, 1);  // --database wins over the file: that database does not exist
}

TEST_F(CliUsers, WithAPerUserSecretChangepasswordAlsoRotatesTheSecret) {
  ASSERT_EQ(restjwt("createuser --username gus --password-stdin", "old-password").exit_code, 0);
  const std::string db = dir_.file("var/restjwt.sqlite3");
  ASSERT_EQ(std::system(("sqlite3 '" + db +
                         "' 'ALTER TABLE auth_user ADD COLUMN jwt_secret varchar(64) NULL'")
                            .c_str()),
            0);
  {
    std::ofstream config(dir_.file("secret.toml"));
    config << "[database]\nurl = \"sqlite:///var/restjwt.sqlite3\"\n"
              "[jwt_auth]\nJWT_GET_USER_SECRET_KEY = \"column:jwt_secret\"\n";
  }
  ASSERT_EQ(restjwt("users rotate-secret gus --config secret.toml").exit_code, 0);
  const auto secret_of = [&] {
    SqliteStoreOptions options;
    options.path = db;
    options.schema.secret_column = "jwt_secret";
    return SqliteUserStore::open(options)
        .value()
        ->find_by_username("gus")
        .value()
        ->jwt_secret.value_or("");
  };
  const std::string before = secret_of();
  EXPECT_EQ(before.size(), 36U);
  const auto changed = restjwt(
      "changepassword --username gus --password-stdin --config secret.toml", "new-password");
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_NE(secret_of(), before);
  EXPECT_EQ(secret_of().size(), 36U);
}

TEST_F(CliUsers, ChangepasswordReplacesTheHash) {
  ASSERT_EQ(restjwt("createuser --username carol --no-password").exit_code, 0);
  const auto changed = restjwt("changepassword --username carol --password-stdin", "n3w pass\r\n");
  EXPECT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_EQ(changed.out, "Password changed for user \"carol\".\n");
  const auto hashers = PasswordHashers::from_names({"pbkdf2_sha256"}).value();
  EXPECT_TRUE(hashers.check_password("n3w pass", stored("carol")->password).matches);
  const auto nobody = restjwt("changepassword --username nobody --password-stdin", "x\n");
  EXPECT_EQ(nobody.exit_code, 1);
  EXPECT_EQ(nobody.err, "restjwt: user \"nobody\" does not exist\n");
  const auto blank = restjwt("changepassword --username carol --password-stdin", "\n");
  EXPECT_EQ(blank.exit_code, 1);
  EXPECT_EQ(blank.err, "restjwt: blank passwords are not allowed\n");
  const auto huge =
      restjwt("changepassword --username carol --password-stdin", std::string(5000, 'x'));
  EXPECT_EQ(huge.exit_code, 1);
  EXPECT_EQ(huge.err, "restjwt: the password is longer than 4096 bytes\n");
}

TEST_F(CliUsers, PromptsTwiceOnATerminalAndRefusesAMismatch) {
  ASSERT_EQ(restjwt("createuser --username dora --no-password").exit_code, 0);
  // script(1) gives the command a pseudo-terminal; -e returns the command's exit code.
  const auto mismatch = testing::run_command(
      dir_.path(), "script -qec \"'" + kBinary + "' changepassword --username dora\" /dev/null",
      "first\nsecond\n");
  EXPECT_EQ(mismatch.exit_code, 1);
  EXPECT_NE(mismatch.out.find("Password (again): "), std::string::npos) << mismatch.out;
  EXPECT_NE(mismatch.out.find("restjwt: the passwords do not match"), std::string::npos);
  const auto match = testing::run_command(
      dir_.path(), "script -qec \"'" + kBinary + "' changepassword --username dora\" /dev/null",
      "same\nsame\n");
  EXPECT_EQ(match.exit_code, 0) << match.out;
  EXPECT_TRUE(PasswordHashers::is_password_usable(stored("dora")->password));
}

TEST_F(CliUsers, ListShowsUsersButNeverPasswords) {
  ASSERT_EQ(
      restjwt("createuser --username erin --email erin@example.com --password-stdin", "hunter2\n")
          .exit_code,
      0);
  const auto table = restjwt("users list");
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_EQ(table.out,
            "ID  USERNAME  EMAIL             ACTIVE  STAFF  SUPERUSER  LAST LOGIN\n"
            "1   erin      erin@example.com  yes     no     no         -\n");
  const auto listed = restjwt("users list --json");
  EXPECT_EQ(listed.exit_code, 0);
  const auto users = nlohmann::json::parse(listed.out);
  ASSERT_EQ(users.size(), 1U);
  EXPECT_EQ(users[0]["id"], 1);
  EXPECT_EQ(users[0]["username"], "erin");
  EXPECT_EQ(users[0]["is_active"], true);
  EXPECT_TRUE(users[0]["last_login"].is_null());
  EXPECT_FALSE(users[0].contains("password"));
  for (const auto* output : {&table.out, &listed.out}) {
    EXPECT_EQ(output->find("pbkdf2"), std::string::npos);
    EXPECT_EQ(output->find("hunter2"), std::string::npos);
  }
}

TEST_F(CliUsers, ActivateDeactivateDeleteAndRotateSecret) {
  ASSERT_EQ(restjwt("createuser --username fay --no-password").exit_code, 0);
  const auto off = restjwt("users deactivate fay");
  EXPECT_EQ(off.exit_code, 0);
  EXPECT_EQ(off.out, "User \"fay\" deactivated.\n");
  EXPECT_FALSE(stored("fay")->is_active);
  EXPECT_EQ(restjwt("users activate fay").out, "User \"fay\" activated.\n");
  EXPECT_TRUE(stored("fay")->is_active);
  const auto rotate = restjwt("users rotate-secret fay");
  EXPECT_EQ(rotate.exit_code, 1);
  EXPECT_EQ(rotate.err,
            "restjwt: no per-user secret column is configured "
            "(JWT_GET_USER_SECRET_KEY = \"column:<name>\")\n");
  EXPECT_EQ(restjwt("users delete fay").out, "User \"fay\" deleted.\n");
  EXPECT_FALSE(stored("fay"));
  for (const char* verb : {"activate", "deactivate", "delete"}) {
    const auto missing = restjwt(std::string("users ") + verb + " fay");
    EXPECT_EQ(missing.exit_code, 1) << verb;
    EXPECT_EQ(missing.err, "restjwt: user \"fay\" does not exist\n") << verb;
  }
}

TEST_F(CliUsers, LogoutEverywhereAndWithTokenIdsChangepasswordAndDeactivateSetACutoff) {
  ASSERT_EQ(restjwt("createuser --username hal --password-stdin", "pw-one").exit_code, 0);
  ASSERT_EQ(restjwt("createuser --username ivy --no-password").exit_code, 0);
  ASSERT_EQ(restjwt("createuser --username jon --no-password").exit_code, 0);
  const std::string db = dir_.file("var/restjwt.sqlite3");
  const auto cutoff_of = [&db](const std::string& user_id) {
    return open_sqlite_revocation_store(db, std::chrono::seconds(5))
        .value()
        ->cutoff(user_id)
        .value();
  };
  const std::int64_t before = std::time(nullptr);
  // JWT_TOKEN_ID off: a new password leaves the tokens to expire, as drf-jwt does.
  ASSERT_EQ(restjwt("changepassword --username hal --password-stdin", "pw-two").exit_code, 0);
  EXPECT_EQ(cutoff_of("1"), 0);

  const auto out = restjwt("users logout-everywhere hal");
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(out.out, "User \"hal\" is logged out everywhere; their tokens are no longer valid.\n");
  EXPECT_GE(cutoff_of("1"), before);
  EXPECT_LE(cutoff_of("1"), std::time(nullptr));
  const auto missing = restjwt("users logout-everywhere nobody");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "restjwt: user \"nobody\" does not exist\n");

  // JWT_TOKEN_ID on (the environment, or the config): deactivate and changepassword cut off.
  EXPECT_EQ(cutoff_of("2"), 0);
  const auto off = restjwt("users deactivate ivy", "", "JWT_TOKEN_ID=include");
  EXPECT_EQ(off.exit_code, 0) << off.err;
  EXPECT_EQ(off.out, "User \"ivy\" deactivated.\n");
  EXPECT_GE(cutoff_of("2"), before);
  {
    std::ofstream config(dir_.file("revoke.toml"));
    config << "[database]\nurl = \"sqlite:///var/restjwt.sqlite3\"\n"
              "[jwt_auth]\nJWT_TOKEN_ID = \"require\"\n";
  }
  const auto changed =
      restjwt("changepassword --username jon --password-stdin --config revoke.toml", "pw-three");
  EXPECT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_GE(cutoff_of("3"), before);
}

}  // namespace
}  // namespace restjwt
