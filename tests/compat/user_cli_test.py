#!/usr/bin/python3
"""The user commands as an operator types them: on a real pseudo-terminal the password
is asked twice and never echoed; a refused command leaves no database behind; Django accepts the
hash that was written."""
import argparse
import os
import pathlib
import pty
import select
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

ARGS = None


def django_check_password(password, encoded):
    """Django 3.2's own check_password (Debian's python3-django), in a fresh interpreter."""
    code = (
        "import sys\n"
        "from django.conf import settings\n"
        "settings.configure(PASSWORD_HASHERS=['django.contrib.auth.hashers.PBKDF2PasswordHasher'])\n"
        "from django.contrib.auth.hashers import check_password\n"
        "sys.exit(0 if check_password(sys.argv[1], sys.argv[2]) else 1)\n"
    )
    return subprocess.run(["/usr/bin/python3", "-c", code, password, encoded], timeout=60).returncode == 0


class Terminal:
    """The command on a pseudo-terminal: answers each prompt only once it has been printed."""

    def __init__(self, argv):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execv(argv[0], argv)
        self.output = b""

    def read_until(self, text, timeout=20):
        deadline = time.monotonic() + timeout
        while text.encode() not in self.output:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no {text!r} in {self.output!r}")
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"ended before {text!r}: {self.output!r}")
                self.output += chunk

    def type_line(self, line):
        os.write(self.fd, line.encode() + b"\n")

    def answer_password_prompts(self, first, second):
        """Types each answer once its prompt is visible, as a person would."""
        self.read_until("Password: ")
        self.type_line(first)
        self.read_until("Password (again): ")
        self.type_line(second)

    def finish(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                if chunk:
                    self.output += chunk
                    continue
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, 9)
        raise AssertionError(f"did not finish: {self.output!r}")


class UserCli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = pathlib.Path(self.tmp.name)
        self.url = f"sqlite:///{self.dir}/users.sqlite3"
        self.env = dict(os.environ)
        self.env.pop("DATABASE_URL", None)

    def tearDown(self):
        self.tmp.cleanup()

    def cli(self, *args, stdin=""):
        return subprocess.run([ARGS.restjwt, *args], input=stdin, capture_output=True, text=True,
                              env=self.env, timeout=60)

    def stored_password(self, username):
        with sqlite3.connect(self.dir / "users.sqlite3") as db:
            return db.execute("SELECT password FROM auth_user WHERE username = ?", (username,)).fetchone()[0]

    def test_createuser_asks_twice_without_echo_and_django_accepts_the_hash(self):
        term = Terminal([ARGS.restjwt, "createuser", "--username", "tina", "--database", self.url])
        term.answer_password_prompts("sekrit-one", "sekrit-one")
        self.assertEqual(term.finish(), 0, term.output)
        self.assertIn(b'Created user "tina"', term.output)
        self.assertNotIn(b"sekrit-one", term.output)  # the terminal did not echo it
        encoded = self.stored_password("tina")
        self.assertTrue(encoded.startswith("pbkdf2_sha256$1000000$"), encoded)
        self.assertTrue(django_check_password("sekrit-one", encoded))

    def test_changepassword_refuses_a_mismatch_and_writes_nothing(self):
        self.assertEqual(self.cli("createuser", "--username", "uma", "--database", self.url,
                                  "--password-stdin", stdin="before").returncode, 0)
        before = self.stored_password("uma")
        term = Terminal([ARGS.restjwt, "changepassword", "--username", "uma", "--database", self.url])
        term.answer_password_prompts("first-try", "second-try")
        self.assertEqual(term.finish(), 1, term.output)
        self.assertIn(b"restjwt: the passwords do not match", term.output)
        self.assertNotIn(b"first-try", term.output)
        self.assertEqual(self.stored_password("uma"), before)

    def test_a_refused_createuser_leaves_no_new_database(self):
        # No terminal and no --password-stdin: a usage error, and the file is not created.
        refused = subprocess.run([ARGS.restjwt, "createuser", "--username", "vic", "--database", self.url],
                                 stdin=subprocess.DEVNULL, capture_output=True, text=True, env=self.env, timeout=60)
        self.assertEqual(refused.returncode, 2, refused.stderr)
        self.assertEqual(len(refused.stderr.strip().splitlines()), 1, refused.stderr)
        self.assertEqual(list(self.dir.iterdir()), [])
        blank = self.cli("createuser", "--username", "vic", "--database", self.url, "--password-stdin", stdin="")
        self.assertEqual(blank.returncode, 1, blank.stderr)
        self.assertEqual(list(self.dir.iterdir()), [])

    def test_an_email_username_is_normalized_as_django_does(self):
        # A custom user model's table, as Django's migrate makes it (email login, no username).
        with sqlite3.connect(self.dir / "users.sqlite3") as db:
            db.execute('CREATE TABLE "accounts_user" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, '
                       '"password" varchar(128) NOT NULL, "last_login" datetime NULL, '
                       '"email" varchar(254) NOT NULL UNIQUE, "is_active" bool NOT NULL)')
        config = self.dir / "restjwt.toml"
        config.write_text(f'[database]\nurl = "{self.url}"\n'
                          '[users]\ntable = "accounts_user"\nusername_field = "email"\n')
        made = self.cli("createuser", "--config", str(config), "--username", "Zed@Example.COM",
                        "--no-password")
        self.assertEqual(made.returncode, 0, made.stderr)
        self.assertIn('"Zed@example.com"', made.stdout)
        again = self.cli("createuser", "--config", str(config), "--username", "Zed@EXAMPLE.com",
                         "--no-password")
        self.assertEqual(again.returncode, 1)
        self.assertEqual(again.stderr, 'restjwt: user "Zed@example.com" already exists '
                                       '("Zed@EXAMPLE.com" is "Zed@example.com" once normalized '
                                       'as Django does)\n')


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--restjwt", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
