// What `restjwt` says when it is used wrongly: a short usage when no command is given, and the
// unknown command or option by name (with the commands there are) instead of CLI11's generic
// "A subcommand is required". Every such case exits 2; all but the usage are one line that
// starts with "restjwt: ", as the commands' own errors do.
#pragma once

namespace CLI {  // NOLINT(readability-identifier-naming): CLI11's own namespace
class App;
class ParseError;
}  // namespace CLI

namespace restjwt::cli {

// After a failed parse, one of (on stderr):
//   `restjwt` (no command):  a short usage (three lines)
//   `restjwt users`:         restjwt: a command is required after "users"; users commands: list, …
//   `restjwt frobnicate`:    restjwt: unknown command "frobnicate"; commands: serve, …
//   `restjwt users frob`:    restjwt: unknown command "users frob"; users commands: list, …
//   `restjwt --frob`:        restjwt: unknown option "--frob"
//   `restjwt serve --frob`:  restjwt: unknown option "--frob" for "serve"
//   anything else:           restjwt: <CLI11's message>, e.g. "--username is required"
// The caller exits 2.
void report_parse_error(const CLI::App& app, const CLI::ParseError& error);

}  // namespace restjwt::cli
