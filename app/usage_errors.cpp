#include "usage_errors.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace restjwt::cli {
namespace {

// The commands the parse went through: the top level, then each subcommand chosen.
std::vector<const CLI::App*> chosen_commands(const CLI::App& app) {
  std::vector<const CLI::App*> chain = {&app};
  for (auto chosen = app.get_subcommands(); !chosen.empty();
       chosen = chain.back()->get_subcommands()) {
    chain.push_back(chosen.front());
  }
  return chain;
}

// The first argument that `command` could not place, "" when none (the "--" separator is not one).
std::string first_left_over(const CLI::App& command) {
  for (const std::string& argument : command.remaining()) {
    if (argument != "--") {
      return argument;
    }
  }
  return "";
}

// "users", "jwt sign": the words after `restjwt` that name a command ("" for the top level).
std::string command_words(const CLI::App& command) {
  const CLI::App* parent = command.get_parent();
  if (parent == nullptr) {
    return "";
  }
  const std::string before = command_words(*parent);
  return before.empty() ? command.get_name() : before + " " + command.get_name();
}

// "serve, check-config, createuser, …": the named subcommands, in the order they were added
// (CLI11's option groups are nameless subcommands and are left out).
std::string subcommand_names(const CLI::App& command) {
  std::string names;
  for (const CLI::App* sub :
       command.get_subcommands([](const CLI::App* s) { return !s->get_name().empty(); })) {
    names += (names.empty() ? "" : ", ") + sub->get_name();
  }
  return names;
}

bool has_subcommands(const CLI::App& command) { return !subcommand_names(command).empty(); }

// `restjwt` alone: what the commands are and where to read more.
void print_usage(const CLI::App& app) {
  std::fprintf(stderr,
               "usage: restjwt COMMAND [OPTIONS]\n"
               "commands: %s\n"
               "`restjwt COMMAND --help` describes a command; `restjwt --help` lists them all.\n",
               subcommand_names(app).c_str());
}

}  // namespace

void report_parse_error(const CLI::App& app, const CLI::ParseError& error) {
  // The first command along the way with an argument it could not place; else the last one.
  const auto chain = chosen_commands(app);
  const CLI::App* command = chain.back();
  std::string first;
  for (const CLI::App* candidate : chain) {
    first = first_left_over(*candidate);
    if (!first.empty()) {
      command = candidate;
      break;
    }
  }
  const std::string words = command_words(*command);
  const std::string in_command = words.empty() ? "" : " for \"" + words + "\"";
  if (first.empty()) {
    if (!has_subcommands(*command)) {
      std::fprintf(stderr, "restjwt: %s\n", error.what());
    } else if (words.empty()) {
      print_usage(*command);  // `restjwt` alone
    } else {
      std::fprintf(stderr, "restjwt: a command is required after \"%s\"; %s commands: %s\n",
                   words.c_str(), words.c_str(), subcommand_names(*command).c_str());
    }
  } else if (first.size() > 1 && first.front() == '-') {
    std::fprintf(stderr, "restjwt: unknown option \"%s\"%s\n", first.c_str(), in_command.c_str());
  } else if (has_subcommands(*command)) {
    const std::string unknown = words.empty() ? first : words + " " + first;
    const std::string commands_of = words.empty() ? "commands" : words + " commands";
    std::fprintf(stderr, "restjwt: unknown command \"%s\"; %s: %s\n", unknown.c_str(),
                 commands_of.c_str(), subcommand_names(*command).c_str());
  } else {
    std::fprintf(stderr, "restjwt: unexpected argument \"%s\"%s\n", first.c_str(),
                 in_command.c_str());
  }
}

}  // namespace restjwt::cli
