#!/usr/bin/python3
"""Runs the programs in examples/ as a user would: custom_obtain answers the body of drf-jwt's
documented CustomObtainJWT example and logs the login; protect_my_api adds its own protected route,
which answers exactly as restjwt's own routes do."""
import argparse
import os
import pathlib
import secrets
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

import requests

ARGS = None


def start(binary, tmp, db, env):
    port_file = pathlib.Path(tmp) / (pathlib.Path(binary).name + ".port")
    process = subprocess.Popen([binary, db, str(port_file)], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 30
    while not (port_file.exists() and port_file.read_text().strip()):
        if process.poll() is not None or time.time() > deadline:
            raise RuntimeError(f"{binary} did not start: {process.stderr.read()}")
        time.sleep(0.05)
    return process, f"http://127.0.0.1:{port_file.read_text().strip()}"


class Examples(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.db = os.path.join(self.tmp.name, "db.sqlite3")
        self.env = dict(os.environ, JWT_SECRET_KEY=secrets.token_urlsafe(48))
        created = subprocess.run([ARGS.restjwt, "createuser", "--database", f"sqlite:///{self.db}",
                                  "--username", "alice", "--password-stdin"],
                                 input="pw-of-alice", text=True, capture_output=True, env=self.env, timeout=60)
        self.assertEqual(created.returncode, 0, created.stderr)

    def tearDown(self):
        self.tmp.cleanup()

    def test_custom_obtain_answers_the_seed_body_and_logs(self):
        process, base = start(ARGS.custom_obtain, self.tmp.name, self.db, self.env)
        try:
            first = requests.post(base + "/api-token-auth/", json={"username": "alice", "password": "pw-of-alice"}, timeout=30)
            self.assertEqual(first.status_code, 200, first.text)
            body = first.json()
            self.assertEqual(list(body), ["token", "user", "expires_in"])
            self.assertEqual(body["user"], {"id": 1, "username": "alice", "last_login": None})
            self.assertEqual(body["expires_in"], 300)
            # Django's admin login stores last_login; obtaining a token (drf-jwt) never does.
            with sqlite3.connect(self.db) as db:
                db.execute("UPDATE auth_user SET last_login = '2024-05-01 12:00:00.123456' WHERE username = 'alice'")
            second = requests.post(base + "/api-token-auth/", json={"username": "alice", "password": "pw-of-alice"}, timeout=30)
            self.assertEqual(second.json()["user"]["last_login"], "2024-05-01T12:00:00.123456+00:00")
            third = requests.post(base + "/api-token-auth/", json={"username": "alice", "password": "pw-of-alice"}, timeout=30)
            self.assertEqual(third.json()["user"]["last_login"], "2024-05-01T12:00:00.123456+00:00")
            verify = requests.post(base + "/api-token-verify/", json={"token": body["token"]}, timeout=30)
            self.assertEqual(verify.json(), {"token": body["token"]})
            wrong = requests.post(base + "/api-token-auth/", json={"username": "alice", "password": "no"}, timeout=30)
            self.assertEqual(wrong.status_code, 400)
        finally:
            process.terminate()
            out, _ = process.communicate(timeout=20)
        self.assertEqual(out.count("login: user=alice id=1"), 3, out)
        self.assertNotIn(body["token"], out)

    def test_protect_my_api_guards_its_own_route(self):
        process, base = start(ARGS.protect_my_api, self.tmp.name, self.db, self.env)
        try:
            anonymous = requests.get(base + "/api/hello/", timeout=30)
            self.assertEqual((anonymous.status_code, anonymous.json()),
                             (401, {"detail": "Authentication credentials were not provided."}))
            self.assertEqual(anonymous.headers["WWW-Authenticate"], 'JWT realm="api"')
            token = requests.post(base + "/api-token-auth/", data={"username": "alice", "password": "pw-of-alice"},
                                  timeout=30).json()["token"]
            hello = requests.get(base + "/api/hello/", headers={"Authorization": "JWT " + token}, timeout=30)
            self.assertEqual((hello.status_code, hello.json()), (200, {"hello": "alice"}))
            auth = {"Authorization": "JWT " + token}
            for header, value in (("Allow", "GET, HEAD, OPTIONS"), ("Content-Type", "application/json"),
                                  ("Vary", "Accept"), ("X-Frame-Options", "DENY"),
                                  ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin")):
                self.assertEqual(hello.headers[header], value, header)
            head = requests.head(base + "/api/hello/", headers=auth, timeout=30)
            self.assertEqual((head.status_code, head.text, head.headers["Content-Length"]),
                             (200, "", str(len(hello.content))))
            post = requests.post(base + "/api/hello/", headers=auth, timeout=30)
            self.assertEqual((post.status_code, post.json()), (405, {"detail": 'Method "POST" not allowed.'}))
            self.assertEqual(requests.post(base + "/api/hello/", timeout=30).status_code, 401)
            options = requests.options(base + "/api/hello/", headers=auth, timeout=30)
            self.assertEqual(options.json()["name"], "Hello")
            xml = requests.get(base + "/api/hello/", headers=dict(auth, Accept="application/xml"), timeout=30)
            self.assertEqual(xml.status_code, 406)
            self.assertEqual(requests.get(base + "/api/hello", headers=auth, allow_redirects=False,
                                          timeout=30).headers["Location"], "/api/hello/")
            expired_like = requests.get(base + "/api/hello/", headers={"Authorization": "JWT " + token + "x"}, timeout=30)
            self.assertEqual(expired_like.json(), {"detail": "Error decoding signature."})
        finally:
            process.terminate()
            process.communicate(timeout=20)
        self.assertEqual(process.returncode, 0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--restjwt", required=True)
    parser.add_argument("--custom-obtain", required=True)
    parser.add_argument("--protect-my-api", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
