#!/usr/bin/python3
"""`restjwt jwt sign|verify` as an operator uses it, checked against PyJWT."""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
import unittest

import jwt  # Debian's python3-jwt

ARGS = None
SECRET = "operator-secret-operator-secret-0123456789"


class JwtCli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = pathlib.Path(self.tmp.name)
        (self.dir / "hs.key").write_text(SECRET + "\n")  # one trailing newline is stripped

    def tearDown(self):
        self.tmp.cleanup()

    def run_cli(self, args, stdin="", env=None):
        return subprocess.run([ARGS.restjwt, "jwt", *args], input=stdin, capture_output=True, text=True,
                              env=dict(os.environ, **(env or {})), timeout=30)

    def test_sign_then_verify_round_trip_and_pyjwt_agrees(self):
        payload = {"user_id": 1, "username": "jos\u00e9", "exp": int(time.time()) + 60}
        signed = self.run_cli(["sign", "--alg", "HS256", "--key-file", str(self.dir / "hs.key")], json.dumps(payload))
        self.assertEqual(signed.returncode, 0, signed.stderr)
        token = signed.stdout.strip()
        self.assertTrue(signed.stdout.endswith("\n"))
        self.assertEqual(jwt.decode(token, SECRET, algorithms=["HS256"]), payload)
        verified = self.run_cli(["verify", "--alg", "HS256", "--key-file", str(self.dir / "hs.key")], f"  {token}\n")
        self.assertEqual(verified.returncode, 0, verified.stderr)
        self.assertEqual(verified.stdout, json.dumps(payload, separators=(",", ":")) + "\n")

    def test_refusals_print_the_verify_message_and_exit_1(self):
        key = ["--alg", "HS256", "--key-file", str(self.dir / "hs.key")]
        expired = jwt.encode({"username": "a", "exp": 1000}, SECRET, algorithm="HS256")
        cases = [
            (expired, "Signature has expired."),
            (expired + "x", "Error decoding signature."),
            (jwt.encode({"username": "a"}, SECRET, algorithm="HS256"), "Invalid token."),
            (jwt.encode({"username": "a", "exp": 2 ** 40, "aud": "x"}, SECRET, algorithm="HS256"), "Invalid token."),
        ]
        for token, message in cases:
            run = self.run_cli(["verify", *key], token)
            self.assertEqual(run.returncode, 1, token)
            self.assertEqual(run.stdout, "")
            self.assertEqual(run.stderr.count("\n"), 1)
            self.assertIn(message, run.stderr)
        no_exp_check = self.run_cli(["verify", *key, "--no-verify-exp"], expired)
        self.assertEqual(no_exp_check.returncode, 0, no_exp_check.stderr)
        aud = jwt.encode({"username": "a", "exp": 2 ** 40, "aud": "api", "iss": "me"}, SECRET, algorithm="HS256")
        self.assertEqual(self.run_cli(["verify", *key, "--audience", "api", "--issuer", "me"], aud).returncode, 0)
        self.assertEqual(self.run_cli(["verify", *key, "--audience", "api", "--issuer", "you"], aud).returncode, 1)
        leeway = jwt.encode({"username": "a", "exp": int(time.time()) - 5}, SECRET, algorithm="HS256")
        self.assertEqual(self.run_cli(["verify", *key, "--leeway", "60"], leeway).returncode, 0)

    def test_rs256_with_pem_files_and_key_env(self):
        private = self.dir / "rs.pem"
        public = self.dir / "rs.pub"
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out",
                        str(private)], check=True, capture_output=True)
        subprocess.run(["openssl", "pkey", "-in", str(private), "-pubout", "-out", str(public)], check=True,
                       capture_output=True)
        signed = self.run_cli(["sign", "--alg", "RS256", "--key-env", "RS_KEY"], '{"a":1}',
                              env={"RS_KEY": private.read_text()})
        self.assertEqual(signed.returncode, 0, signed.stderr)
        self.assertEqual(jwt.decode(signed.stdout.strip(), public.read_text(), algorithms=["RS256"],
                                    options={"verify_exp": False}), {"a": 1})
        verified = self.run_cli(["verify", "--alg", "RS256", "--key-file", str(public), "--no-verify-exp"],
                                signed.stdout)
        self.assertEqual((verified.returncode, verified.stdout), (0, '{"a":1}\n'))
        cannot_sign = self.run_cli(["sign", "--alg", "RS256", "--key-file", str(public)], "{}")
        self.assertEqual(cannot_sign.returncode, 2)

    def test_usage_errors_exit_2_with_one_line(self):
        key_file = str(self.dir / "hs.key")
        for args in (["verify", "--alg", "HS256"],
                     ["verify", "--alg", "none", "--key-file", key_file],
                     ["verify", "--alg", "HS256", "--key-file", str(self.dir / "missing")],
                     ["verify", "--alg", "HS256", "--key-env", "NOT_SET_ANYWHERE"],
                     ["verify", "--alg", "RS256", "--key-file", key_file],
                     ["verify", "--alg", "HS256", "--key-file", key_file, "--key-env", "X"],
                     ["sign", "--alg", "HS256", "--key", "secret-on-argv"]):
            run = self.run_cli(args)
            self.assertEqual(run.returncode, 2, args)
            self.assertEqual(run.stderr.count("\n"), 1, run.stderr)
            self.assertTrue(run.stderr.startswith("restjwt: "), run.stderr)
        short = self.dir / "short.key"
        short.write_text("too-short")
        run = self.run_cli(["sign", "--alg", "HS256", "--key-file", str(short)], "{}")
        self.assertEqual(run.returncode, 2)
        self.assertIn("at least 32 bytes", run.stderr)
        not_object = self.run_cli(["sign", "--alg", "HS256", "--key-file", key_file], "[1,2]")
        self.assertEqual(not_object.returncode, 1)
        self.assertIn("expected one JSON object", not_object.stderr)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--restjwt", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
