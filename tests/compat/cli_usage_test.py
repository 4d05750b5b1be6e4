#!/usr/bin/python3
"""`restjwt` used wrongly or asked its version, as a person at a terminal would meet it.

The version printed is the one written in the top-level CMakeLists.txt's project(VERSION), and
CHANGELOG.md has a section for it. A missing command prints a short usage, an unknown command or
option is named (with the commands there are); all of these exit 2.
"""
import argparse
import pathlib
import re
import subprocess
import sys
import unittest

ARGS = None
COMMANDS = "serve, check-config, createuser, changepassword, users, jwt, keys"


def run(*args):
    return subprocess.run([ARGS.restjwt, *args], capture_output=True, text=True, timeout=30)


def project_version():
    cmake = (pathlib.Path(ARGS.source_dir) / "CMakeLists.txt").read_text()
    return re.search(r"project\(restjwt VERSION (\d+\.\d+\.\d+)", cmake).group(1)


class Version(unittest.TestCase):
    def test_long_and_short_flags_print_the_project_version(self):
        for flag in ("--version", "-V"):
            with self.subTest(flag):
                result = run(flag)
                self.assertEqual((result.returncode, result.stdout, result.stderr),
                                 (0, f"restjwt {project_version()}\n", ""))

    def test_changelog_has_a_section_for_the_version(self):
        changelog = (pathlib.Path(ARGS.source_dir) / "CHANGELOG.md").read_text()
        self.assertRegex(changelog, rf"(?m)^## \[{re.escape(project_version())}\] - \d{{4}}-\d{{2}}-\d{{2}}$")


class UsageErrors(unittest.TestCase):
    def assert_usage_error(self, args, stderr):
        result = run(*args)
        self.assertEqual((result.returncode, result.stdout, result.stderr), (2, "", stderr), args)

    def test_no_command_prints_a_short_usage(self):
        self.assert_usage_error([], "usage: restjwt COMMAND [OPTIONS]\n"
                                    f"commands: {COMMANDS}\n"
                                    "`restjwt COMMAND --help` describes a command; `restjwt --help` lists them all.\n")

    def test_a_group_without_its_command_names_its_commands(self):
        self.assert_usage_error(["users"], 'restjwt: a command is required after "users"; '
                                           "users commands: list, activate, deactivate, delete, rotate-secret, "
                                           "logout-everywhere\n")
        self.assert_usage_error(["jwt"], 'restjwt: a command is required after "jwt"; jwt commands: sign, verify\n')
        self.assert_usage_error(["keys"], 'restjwt: a command is required after "keys"; keys commands: '
                                          "generate, import, list, activate, retire, remove\n")

    def test_unknown_command_is_named_with_the_commands(self):
        self.assert_usage_error(["frobnicate"], f'restjwt: unknown command "frobnicate"; commands: {COMMANDS}\n')
        self.assert_usage_error(["jwt", "decode"], 'restjwt: unknown command "jwt decode"; jwt commands: sign, verify\n')

    def test_unknown_option_is_named(self):
        self.assert_usage_error(["--frob"], 'restjwt: unknown option "--frob"\n')
        self.assert_usage_error(["--frob", "serve"], 'restjwt: unknown option "--frob"\n')
        self.assert_usage_error(["serve", "--frob"], 'restjwt: unknown option "--frob" for "serve"\n')
        self.assert_usage_error(["users", "list", "--password"],
                                'restjwt: unknown option "--password" for "users list"\n')

    def test_unexpected_argument_is_named(self):
        self.assert_usage_error(["check-config", "extra"], 'restjwt: unexpected argument "extra" for "check-config"\n')

    def test_other_usage_errors_keep_one_line(self):
        self.assert_usage_error(["createuser"], "restjwt: --username is required\n")

    def test_help_still_exits_0(self):
        result = run("--help")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("-V,--version", result.stdout)
        self.assertIn("serve", result.stdout)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--restjwt", required=True)
    parser.add_argument("--source-dir", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
