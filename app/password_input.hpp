// Reading a new password for createuser / changepassword. Passwords never come from argv (they
// would show in `ps` and shell history) and are never printed.
#pragma once

#include <string>

#include "user_store_options.hpp"

namespace restjwt::cli {

// from_stdin: all of standard input, one trailing newline ("\n" or "\r\n") removed, as
// `docker login --password-stdin` does. Otherwise, when stdin is a terminal: asked twice on the
// terminal without echo, like Django's createsuperuser; a mismatch fails (exit 1); without a
// terminal it is a usage error (exit 2). A blank password or one over
// PasswordHashers::kMaxPasswordBytes fails (exit 1).
CommandResult<std::string> read_new_password(bool from_stdin);

}  // namespace restjwt::cli
