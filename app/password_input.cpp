#include "password_input.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>

#include "restjwt/password_hasher.hpp"

namespace restjwt::cli {
namespace {

CommandFailure failure(int code, std::string message) { return {code, std::move(message)}; }

CommandResult<std::string> checked(std::string password) {
  if (password.empty()) {
    return unexpected(failure(1, "blank passwords are not allowed"));
  }
  if (password.size() > PasswordHashers::kMaxPasswordBytes) {
    return unexpected(failure(1, "the password is longer than " +
                                     std::to_string(PasswordHashers::kMaxPasswordBytes) +
                                     " bytes"));
  }
  return password;
}

CommandResult<std::string> read_stdin() {
  std::string all;
  // One byte more than allowed (plus a newline) is enough to know it is too long.
  const std::size_t limit = PasswordHashers::kMaxPasswordBytes + 3;
  char c = 0;
  while (all.size() < limit && std::cin.get(c)) {
    all.push_back(c);
  }
  if (!all.empty() && all.back() == '\n') {
    all.pop_back();
  }
  if (!all.empty() && all.back() == '\r') {
    all.pop_back();
  }
  return checked(std::move(all));
}

// The terminal settings to restore if a signal arrives while echo is off.
int g_tty = -1;
termios g_saved{};

extern "C" void restore_and_reraise(int signal_number) {
  tcsetattr(g_tty, TCSANOW, &g_saved);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

// One line from the terminal with echo off (getpass() is obsolete and not in POSIX.1-2001).
std::string prompt(int tty, const char* text) {
  termios quiet = g_saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  // Echo goes off before the prompt shows: whatever is typed once the prompt is visible must not
  // appear. TCSANOW, not getpass's TCSAFLUSH: input typed ahead (or piped through a pty) is kept.
  tcsetattr(tty, TCSANOW, &quiet);
  (void)!write(tty, text, std::char_traits<char>::length(text));
  std::string line;
  char c = 0;
  while (read(tty, &c, 1) == 1 && c != '\n') {
    if (line.size() <= PasswordHashers::kMaxPasswordBytes) {
      line.push_back(c);
    }
  }
  tcsetattr(tty, TCSANOW, &g_saved);
  (void)!write(tty, "\n", 1);
  return line;
}

CommandResult<std::string> ask_twice() {
  if (isatty(STDIN_FILENO) == 0) {
    return unexpected(failure(2,
                              "no terminal to ask for the password: use --password-stdin "
                              "(or --no-password for createuser)"));
  }
  const int tty = open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (tty < 0 || tcgetattr(tty, &g_saved) != 0) {
    if (tty >= 0) {
      close(tty);
    }
    return unexpected(failure(2, "cannot open the terminal: use --password-stdin"));
  }
  g_tty = tty;
  const auto old_int = std::signal(SIGINT, restore_and_reraise);
  const auto old_term = std::signal(SIGTERM, restore_and_reraise);
  std::string first = prompt(tty, "Password: ");
  std::string second = prompt(tty, "Password (again): ");
  std::signal(SIGINT, old_int);
  std::signal(SIGTERM, old_term);
  close(tty);
  if (first != second) {
    return unexpected(failure(1, "the passwords do not match"));
  }
  return checked(std::move(first));
}

}  // namespace

CommandResult<std::string> read_new_password(bool from_stdin) {
  return from_stdin ? read_stdin() : ask_twice();
}

}  // namespace restjwt::cli
