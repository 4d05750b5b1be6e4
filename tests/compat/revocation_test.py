"""Revocation and logout (docs/sessions.md), black-box: two `restjwt serve` processes sharing one
SQLite file with JWT_TOKEN_ID on. A logout on one is refused at once there and within the poll
interval on the other, with the whole refresh chain; `restjwt users logout-everywhere` reaches
both running servers; a new login still works."""
import argparse
import subprocess
import sys
import tempfile
import time
import unittest

import requests

from restjwt_process import RestjwtServer

JWT_AUTH = 'JWT_TOKEN_ID = "include"\nJWT_ALLOW_REFRESH = true\n'
REVOCATION = "[revocation]\npoll_interval = 1\n"
BLACKLISTED = "Token is blacklisted."


class Revocation(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.first = RestjwtServer(ARGS.restjwt, cls.tmp.name + "/one", jwt_auth=JWT_AUTH,
                                  extra_toml=REVOCATION, users=(("alice", "alice-password"),))
        cls.second = RestjwtServer(ARGS.restjwt, cls.tmp.name + "/two", jwt_auth=JWT_AUTH,
                                   extra_toml=REVOCATION, users=(), database=cls.first.database,
                                   secret=cls.first.secret)

    @classmethod
    def tearDownClass(cls):
        for server in (cls.first, cls.second):
            server.stop()
        cls.tmp.cleanup()

    def obtain(self):
        answer = requests.post(self.first.base + "/api-token-auth/",
                               json={"username": "alice", "password": "alice-password"}, timeout=10)
        self.assertEqual(answer.status_code, 200, answer.text)
        return answer.json()["token"]

    def user(self, server, token):
        return requests.get(server.base + "/api/user/", headers={"Authorization": f"JWT {token}"},
                            timeout=10)

    def wait_until_refused(self, server, token):
        deadline = time.time() + 5  # the poll interval is 1 s
        while time.time() < deadline:
            answer = self.user(server, token)
            if answer.status_code == 401:
                self.assertEqual(answer.json(), {"detail": BLACKLISTED})
                return
            self.assertEqual(answer.status_code, 200, answer.text)
            time.sleep(0.1)
        self.fail("the other server still accepts the token")

    def test_logout_ends_the_chain_here_at_once_and_there_within_the_poll_interval(self):
        first = self.obtain()
        refreshed = requests.post(self.second.base + "/api-token-refresh/", json={"token": first},
                                  timeout=10)
        self.assertEqual(refreshed.status_code, 200, refreshed.text)
        second = refreshed.json()["token"]
        for server in (self.first, self.second):
            self.assertEqual(self.user(server, second).status_code, 200)
        logout = requests.post(self.first.base + "/api-token-revoke/", json={"token": first}, timeout=10)
        self.assertEqual((logout.status_code, logout.json()), (200, {}))
        for token in (first, second):
            answer = self.user(self.first, token)
            self.assertEqual((answer.status_code, answer.json()), (401, {"detail": BLACKLISTED}))
        self.wait_until_refused(self.second, second)
        verify = requests.post(self.second.base + "/api-token-verify/", json={"token": first}, timeout=10)
        self.assertEqual((verify.status_code, verify.json()), (400, {"non_field_errors": [BLACKLISTED]}))
        # Another login is another session.
        self.assertEqual(self.user(self.second, self.obtain()).status_code, 200)

    def test_logout_everywhere_from_the_command_line_reaches_both_servers(self):
        token = self.obtain()
        time.sleep(1.1)  # tokens of the cut-off's own second stay valid
        done = subprocess.run([ARGS.restjwt, "users", "logout-everywhere", "alice", "--config",
                               str(self.first.config)], env=self.first.env, capture_output=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        self.assertEqual(done.stdout.decode(),
                         'User "alice" is logged out everywhere; their tokens are no longer valid.\n')
        for server in (self.first, self.second):
            self.wait_until_refused(server, token)
        time.sleep(1.1)
        self.assertEqual(self.user(self.first, self.obtain()).status_code, 200)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--restjwt", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest)
