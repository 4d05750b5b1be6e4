// `restjwt createuser` and `restjwt changepassword`: Django's createsuperuser / changepassword
// for restjwt's user store, hashing with the configured preferred hasher.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "django_user_fields.hpp"
#include "password_input.hpp"
#include "user_commands.hpp"

namespace restjwt::cli {
namespace {

struct CreateUserOptions {
  StoreFlags store;
  std::string username;
  std::string email;
  bool superuser = false;
  bool staff = false;
  bool inactive = false;
  bool password_stdin = false;
  bool no_password = false;
};

struct ChangePasswordOptions {
  StoreFlags store;
  std::string username;
  bool password_stdin = false;
};

CommandResult<std::string> hash_new_password(const UserStoreOptions& options, bool from_stdin) {
  auto hashers = PasswordHashers::from_names(options.hashers, options.hasher_options);
  if (!hashers) {
    return unexpected(CommandFailure{1, hashers.error()});
  }
  auto password = read_new_password(from_stdin);
  if (!password) {
    return unexpected(password.error());
  }
  return hashers->make_password(*password);
}

// The new user's password column: unusable, or the preferred hasher's hash of a password read
// from stdin or the terminal.
CommandResult<std::string> new_password_column(const CreateUserOptions& args,
                                               const UserStoreOptions& options) {
  if (args.no_password) return PasswordHashers::make_unusable_password();
  return hash_new_password(options, args.password_stdin);
}

// A SQLite file createuser would create: nothing is written before the password is known, so a
// refused prompt leaves no empty database behind.
bool creates_sqlite_file(const UserStoreOptions& options) {
  if (options.database.parsed.scheme != DatabaseUrl::Scheme::kSqlite) return false;
  std::error_code ec;
  return !std::filesystem::exists(options.database.parsed.location, ec) && !ec;
}

int run_createuser(const CreateUserOptions& args) {
  if (args.username.empty()) {
    return report({2, "--username may not be blank"});
  }
  auto options = resolve_user_store_options(args.store);
  if (!options) return report(options.error());
  // Checked before a prompt or a new file. Django's UserManager normalizes the email, also when
  // it is the username field (an EmailField: AbstractUser's username rules do not apply to it).
  const bool username_is_email = !options->schema.email_field.empty() &&
                                 options->schema.username_field == options->schema.email_field;
  auto username = username_is_email ? django_email(args.username) : django_username(args.username);
  if (!username) return report({2, "--username \"" + args.username + "\": " + username.error()});
  auto email = django_email(args.email);
  if (!email) return report({2, "--email \"" + args.email + "\": " + email.error()});
  std::optional<std::string> password;
  if (creates_sqlite_file(*options)) {
    auto column = new_password_column(args, *options);
    if (!column) return report(column.error());
    password = std::move(*column);
  }
  auto store = open_user_store(*options, /*create_if_missing=*/true);
  if (!store) return report(store.error());
  NewUser user;
  user.username = std::move(*username);
  // Checked before asking for a password, so a taken name does not cost a prompt and a hash.
  auto existing = (*store)->find_by_username(user.username);
  if (!existing) {
    return report({1, existing.error().message});
  }
  if (existing->has_value()) {
    const std::string spelled = user.username == args.username
                                    ? std::string()
                                    : " (\"" + args.username + "\" is \"" + user.username +
                                          "\" once normalized as Django does)";
    return report({1, "user \"" + user.username + "\" already exists" + spelled});
  }
  user.email = std::move(*email);
  user.is_superuser = args.superuser;
  user.is_staff = args.staff || args.superuser;  // createsuperuser sets both
  user.is_active = !args.inactive;
  if (!password) {
    auto column = new_password_column(args, *options);
    if (!column) return report(column.error());
    password = std::move(*column);
  }
  user.password = std::move(*password);
  auto created = (*store)->create(user);
  if (!created) {
    return report({1, created.error().message});
  }
  std::printf("Created user \"%s\" (id %s).\n", created->username.c_str(),
              to_string(created->id).c_str());
  return 0;
}

int run_changepassword(const ChangePasswordOptions& args) {
  int exit_code = 0;
  UserStoreOptions options;
  auto store = open_store_or_report(args.store, /*create_if_missing=*/false, options, exit_code);
  if (!store) {
    return exit_code;
  }
  const CommandFailure no_such_user{1, "user \"" + args.username + "\" does not exist"};
  auto existing = store->find_by_username(args.username);
  if (!existing) {
    return report({1, existing.error().message});
  }
  if (!existing->has_value()) {
    return report(no_such_user);
  }
  auto encoded = hash_new_password(options, args.password_stdin);
  if (!encoded) {
    return report(encoded.error());
  }
  auto changed = store->set_password(args.username, *encoded);
  if (!changed) {
    return report({1, changed.error().message});
  }
  if (!*changed) {
    return report(no_such_user);  // deleted while we were asking
  }
  // With per-user secrets, a new password also ends every session of the old one.
  if (!store->schema().secret_column.empty()) {
    if (auto rotated = rotate_secret(*store, args.username); !rotated) {
      return report(
          {1, "password changed, but the JWT secret was not rotated: " + rotated.error().message});
    }
  }
  // With JWT_TOKEN_ID on, the old password's tokens end too: a cut-off at this second.
  if (auto failed = end_sessions_if_revocable(options, *store, args.username, "password changed")) {
    return report(*failed);
  }
  std::printf("Password changed for user \"%s\".\n", args.username.c_str());
  return 0;
}

}  // namespace

void register_password_commands(CLI::App& app, int& exit_code) {
  auto create = std::make_shared<CreateUserOptions>();
  auto* createuser = app.add_subcommand("createuser", "Create a user (Django's createsuperuser)");
  add_store_flags(*createuser, create->store);
  createuser->add_option("--username", create->username, "The username field's value")->required();
  createuser->add_option("--email", create->email, "Email address");
  createuser->add_flag("--superuser", create->superuser, "is_superuser (and is_staff)");
  createuser->add_flag("--staff", create->staff, "is_staff");
  createuser->add_flag("--inactive", create->inactive, "is_active = false");
  auto* from_stdin = createuser->add_flag("--password-stdin", create->password_stdin,
                                          "Read the password from standard input");
  auto* unusable = createuser->add_flag("--no-password", create->no_password,
                                        "Unusable password (Django's set_unusable_password)");
  from_stdin->excludes(unusable);
  createuser->callback([&exit_code, create] { exit_code = run_createuser(*create); });

  auto change = std::make_shared<ChangePasswordOptions>();
  auto* changepassword = app.add_subcommand("changepassword", "Set a user's password");
  add_store_flags(*changepassword, change->store);
  changepassword->add_option("--username", change->username, "The username field's value")
      ->required();
  changepassword->add_flag("--password-stdin", change->password_stdin,
                           "Read the password from standard input");
  changepassword->callback([&exit_code, change] { exit_code = run_changepassword(*change); });
}

}  // namespace restjwt::cli
