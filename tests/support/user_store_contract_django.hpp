// UserStoreContract (user_store_contract.hpp) with the real Django 3.2 on the other side of the
// database (Debian's python3-django, driven by tests/unit/store/django/django_peer.py): restjwt
// authenticates the users Django made, Django authenticates after restjwt upgraded their hashes,
// each reads what the other writes, and Django adopts a database restjwt created. For Django's
// default user model and for a custom one (email login, UUID key, UUID jwt_secret).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <string>

#include <nlohmann/json.hpp>

#include "support/django_tables.hpp"
#include "support/user_store_contract.hpp"

namespace restjwt::testing {

// One command of the kind's django_peer.py for `project`, on `database`; its JSON output.
inline nlohmann::json django(const StoreKind& kind, const std::string& project,
                             const TestDatabase& database, const std::string& arguments) {
  // /usr/bin/python3 explicitly: the python3 on PATH may be another installation without
  // Debian's python3-django.
  const std::string command = database.django_environment() +
                              " /usr/bin/python3 '" RESTJWT_SOURCE_DIR "/tests/unit/" +
                              kind.django_peer + "' '" + project + "' " + arguments;
  const std::string parent = std::filesystem::path(project).parent_path().string();
  const CommandResult result = run_command(parent, command);
  EXPECT_EQ(result.exit_code, 0) << command << "\n" << result.err;
  auto parsed = nlohmann::json::parse(result.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(parsed.is_discarded()) << result.out << result.err;
  return parsed;
}

// A Django project whose database Django migrated and seeded (django_peer.py's users: alice,
// bob, eve, carol, dave, root), made once per kind and user model in a test process.
struct DjangoProject {
  TempDir dir;
  std::unique_ptr<TestDatabase> seeded;
  nlohmann::json users;  // as Django read them right after seeding: pk, jwt_secret, hash, …

  [[nodiscard]] std::string path() const { return dir.file("project"); }
};

inline const DjangoProject& django_project(const StoreKind& kind, bool custom_user) {
  static std::map<std::string, std::unique_ptr<DjangoProject>> projects;
  auto& project = projects[kind.name + (custom_user ? "/custom" : "/default")];
  if (!project) {
    project = std::make_unique<DjangoProject>();
    project->seeded = kind.fresh_database();
    django(kind, project->path(), *project->seeded, custom_user ? "create --custom" : "create");
    django(kind, project->path(), *project->seeded, "seed");
    project->users = django(kind, project->path(), *project->seeded, "check '{}'")["users"];
  }
  return *project;
}

// Django's view of the test's database after authenticate() of each {"name": "password"}.
inline nlohmann::json django_check(const StoreKind& kind, const DjangoProject& project,
                                   const TestDatabase& database, const nlohmann::json& logins) {
  return django(kind, project.path(), database, "check '" + logins.dump() + "'");
}

TEST_P(UserStoreContract, DjangoUsersLogInWithRestjwt) {
  use_database(django_project(kind(), false).seeded->copy());
  const auto alice = login("alice", "alice-pw");
  ASSERT_EQ(alice.kind, Kind::kOk);
  EXPECT_FALSE(alice.password_upgraded);
  EXPECT_EQ(std::get<std::int64_t>(alice.user->id), 1);
  EXPECT_EQ(alice.user->email, "alice@example.com");
  EXPECT_EQ(alice.user->first_name, "Alice");
  EXPECT_TRUE(std::regex_match(alice.user->date_joined,
                               std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?)")))
      << alice.user->date_joined;
  const auto root = login("root", "root-pw");
  ASSERT_EQ(root.kind, Kind::kOk);
  EXPECT_TRUE(root.user->is_staff);
  EXPECT_TRUE(root.user->is_superuser);
  EXPECT_EQ(login("alice", "ALICE-PW").kind, Kind::kInvalid);
  EXPECT_EQ(login("alice", "wrong").kind, Kind::kInvalid);
  EXPECT_EQ(login("Alice", "alice-pw").kind, Kind::kInvalid);
  EXPECT_EQ(login("nobody", "alice-pw").kind, Kind::kInvalid);
  EXPECT_EQ(login("dave", "").kind, Kind::kInvalid);  // set_unusable_password
  EXPECT_EQ(login("carol", "carol-pw").kind, Kind::kInvalid);
  EXPECT_EQ(login("carol", "carol-pw", /*allow_inactive=*/true).kind, Kind::kInactive);
}

TEST_P(UserStoreContract, DjangoAuthenticatesAfterRestjwtUpgradedTheHash) {
  const DjangoProject& project = django_project(kind(), false);
  use_database(project.seeded->copy());
  const auto bob = login("bob", "bob-pw");  // pbkdf2_sha1: another algorithm
  ASSERT_EQ(bob.kind, Kind::kOk);
  EXPECT_TRUE(bob.password_upgraded);
  const auto eve = login("eve", "eve-pw");  // pbkdf2_sha256 with half the iterations
  ASSERT_EQ(eve.kind, Kind::kOk);
  EXPECT_TRUE(eve.password_upgraded);
  const auto checked =
      django_check(kind(), project, database(), {{"bob", "bob-pw"}, {"eve", "eve-pw"}});
  EXPECT_EQ(checked["logins"]["bob"], true);
  EXPECT_EQ(checked["logins"]["eve"], true);
  EXPECT_EQ(checked["users"]["bob"]["hash"], "pbkdf2_sha256$1000");
  EXPECT_EQ(checked["users"]["eve"]["hash"], "pbkdf2_sha256$1000");
  // Django found nothing to upgrade: the hash is still the one restjwt wrote.
  EXPECT_EQ(stored_password("bob"), bob.user->password);
}

TEST_P(UserStoreContract, DjangoReadsWhatRestjwtWrites) {
  const DjangoProject& project = django_project(kind(), false);
  use_database(project.seeded->copy());
  ASSERT_TRUE(
      store().create(new_user("frank", hashers_.make_password("frank-pw"), "frank@example.com")));
  ASSERT_TRUE(store().set_active("root", false).value());
  ASSERT_TRUE(store().update_last_login(std::int64_t{3}).value());  // eve
  ASSERT_TRUE(store().remove("alice").value());  // in a group, with an admin log entry
  const auto checked =
      django_check(kind(), project, database(), {{"frank", "frank-pw"}, {"root", "root-pw"}});
  EXPECT_EQ(checked["logins"]["frank"], true);
  EXPECT_EQ(checked["logins"]["root"], false);
  EXPECT_EQ(checked["users"]["frank"]["date_joined"], "2024-05-01T12:00:00.123456+00:00");
  EXPECT_EQ(checked["users"]["eve"]["last_login"], "2024-05-01T12:00:00.123456+00:00");
  EXPECT_EQ(checked["users"]["root"]["is_active"], false);
  EXPECT_FALSE(checked["users"].contains("alice"));
  EXPECT_EQ(checked["group_links"], 0);
  EXPECT_EQ(checked["log_entries"], 0);
}

TEST_P(UserStoreContract, DjangoAdoptsADatabaseRestjwtCreated) {
  const DjangoProject& project = django_project(kind(), false);
  use_database(project.seeded->copy());
  const std::unique_ptr<TestDatabase> fresh = kind().fresh_database();
  auto created = fresh->open(StoreSetup{});
  ASSERT_TRUE(created);
  ASSERT_TRUE(created->create(new_user("founder", hashers_.make_password("pw"))));
  created.reset();
  // The same tables, columns, constraints and indexes as Django's own migrations make.
  const std::string django_schema = database().django_schema();
  ASSERT_NE(django_schema.find(kind().user_table_schema), std::string::npos) << django_schema;
  EXPECT_EQ(fresh->django_schema(), django_schema);
  // Django migrates only its other apps, then logs the user in.
  django(kind(), project.path(), *fresh, "migrate");
  EXPECT_EQ(fresh->query("SELECT count(*) FROM django_migrations "
                         "WHERE app IN ('admin', 'sessions')"),
            "4");
  const auto checked = django_check(kind(), project, *fresh, {{"founder", "pw"}});
  EXPECT_EQ(checked["logins"]["founder"], true);
}

TEST_P(UserStoreContract, DjangoCustomUsersLogInByEmailWithTheUuidAndSecretDjangoPresents) {
  const DjangoProject& project = django_project(kind(), true);
  use_database(project.seeded->copy());
  store_with(accounts_user_schema());
  const auto alice = login("alice@example.com", "alice-pw");
  ASSERT_EQ(alice.kind, Kind::kOk);
  // user_id claim: str(user.pk); per-user secret: str(user.jwt_secret), as Python gives them.
  EXPECT_EQ(std::get<std::string>(alice.user->id), project.users["alice@example.com"]["pk"]);
  EXPECT_EQ(alice.user->jwt_secret, project.users["alice@example.com"]["jwt_secret"]);
  EXPECT_EQ(alice.user->email, "alice@example.com");
  const auto by_id = store().find_by_id(alice.user->id).value();
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->username, "alice@example.com");
  EXPECT_EQ(login("alice", "alice-pw").kind, Kind::kInvalid);
  EXPECT_EQ(login("carol@example.com", "carol-pw").kind, Kind::kInvalid);  // inactive
  EXPECT_EQ(login("dave@example.com", "").kind, Kind::kInvalid);
}

TEST_P(UserStoreContract, DjangoAuthenticatesAfterRestjwtUpgradedACustomUsersHash) {
  const DjangoProject& project = django_project(kind(), true);
  use_database(project.seeded->copy());
  store_with(accounts_user_schema());
  ASSERT_EQ(project.users["bob@example.com"]["hash"], "pbkdf2_sha1$1000");
  const auto bob = login("bob@example.com", "bob-pw");
  ASSERT_EQ(bob.kind, Kind::kOk);
  EXPECT_TRUE(bob.password_upgraded);
  const auto checked = django_check(kind(), project, database(), {{"bob@example.com", "bob-pw"}});
  EXPECT_EQ(checked["logins"]["bob@example.com"], true);
  EXPECT_EQ(checked["users"]["bob@example.com"]["hash"], "pbkdf2_sha256$1000");
}

TEST_P(UserStoreContract, DjangoReadsWhatRestjwtWritesInACustomUserTable) {
  const DjangoProject& project = django_project(kind(), true);
  use_database(project.seeded->copy());
  UserStore& users = store_with(accounts_user_schema());
  const auto cat = users.create(new_user("cat@example.com", hashers_.make_password("cat-pw")));
  ASSERT_TRUE(cat) << cat.error().message;
  const std::string rotated = "0b7d3f3e-5d7c-4f43-9a52-8e1f0c6d2a11";
  ASSERT_TRUE(users.set_jwt_secret("eve@example.com", rotated).value());
  ASSERT_TRUE(
      users.update_last_login(project.users["root@example.com"]["pk"].get<std::string>()).value());
  ASSERT_TRUE(users.remove("alice@example.com").value());  // groups and admin log cascade
  const auto checked = django_check(kind(), project, database(), {{"cat@example.com", "cat-pw"}});
  EXPECT_EQ(checked["logins"]["cat@example.com"], true);
  EXPECT_EQ(checked["users"]["cat@example.com"]["pk"], std::get<std::string>(cat->id));
  EXPECT_EQ(checked["users"]["cat@example.com"]["jwt_secret"], cat->jwt_secret.value());
  EXPECT_EQ(checked["users"]["eve@example.com"]["jwt_secret"], rotated);
  EXPECT_FALSE(checked["users"]["root@example.com"]["last_login"].is_null());
  EXPECT_FALSE(checked["users"].contains("alice@example.com"));
  EXPECT_EQ(checked["group_links"], 0);
  EXPECT_EQ(checked["log_entries"], 0);
}

}  // namespace restjwt::testing
