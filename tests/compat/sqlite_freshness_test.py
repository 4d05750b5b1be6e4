"""Token checks on SQLite answer repeated lookups from remembered user rows. This proves,
over HTTP and across processes, that no server ever answers from a row older than the last commit:
a user deactivated by the CLI or by another program (Django's own process, here Python's sqlite3)
is refused by the very next request to every server sharing the file, even while both are busy
answering that user's requests from their caches."""
import argparse
import pathlib
import sqlite3
import subprocess
import sys
import tempfile
import threading
import unittest

import requests

from restjwt_process import RestjwtServer


class SqliteFreshness(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.first = RestjwtServer(ARGS.restjwt, cls.tmp.name + "/one", users=(("alice", "alice-password"),))
        cls.second = RestjwtServer(ARGS.restjwt, cls.tmp.name + "/two", users=(),
                                   database=cls.first.database, secret=cls.first.secret)
        cls.servers = (cls.first, cls.second)
        token = requests.post(cls.first.base + "/api-token-auth/",
                              json={"username": "alice", "password": "alice-password"}, timeout=10)
        assert token.status_code == 200, token.text
        cls.token = token.json()["token"]

    @classmethod
    def tearDownClass(cls):
        for server in cls.servers:
            server.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.set_active(True)

    def user(self, server, session=requests):
        return session.get(server.base + "/api/user/", headers={"Authorization": f"JWT {self.token}"},
                           timeout=10)

    def warm(self):
        with requests.Session() as session:
            for server in self.servers:
                for _ in range(20):
                    self.assertEqual(self.user(server, session).status_code, 200)

    def users_cli(self, action):
        done = subprocess.run([ARGS.restjwt, "users", action, "alice", "--config", str(self.first.config)],
                              env=self.first.env, capture_output=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr.decode())

    def set_active(self, active):
        with sqlite3.connect(self.first.database) as db:
            db.execute("UPDATE auth_user SET is_active = ? WHERE username = 'alice'", (int(active),))

    def assert_every_server_answers(self, status):
        for server in self.servers:
            answer = self.user(server)
            self.assertEqual(answer.status_code, status, answer.text)

    def test_the_cli_deactivating_a_user_is_seen_by_the_next_request_everywhere(self):
        self.warm()
        self.users_cli("deactivate")
        for server in self.servers:
            refused = self.user(server)
            self.assertEqual((refused.status_code, refused.json()), (401, {"detail": "User account is disabled."}))
            verify = requests.post(server.base + "/api-token-verify/", json={"token": self.token}, timeout=10)
            self.assertEqual((verify.status_code, verify.json()),
                             (400, {"non_field_errors": ["User account is disabled."]}))
        self.users_cli("activate")
        self.assert_every_server_answers(200)

    def test_another_programs_commit_is_seen_by_the_next_request(self):
        self.warm()
        self.set_active(False)
        self.assert_every_server_answers(401)
        self.set_active(True)
        self.assert_every_server_answers(200)

    def test_under_load_no_request_started_after_the_commit_is_let_in(self):
        """Four clients keep both servers answering alice from their caches; once the commit has
        returned, every request they start must be refused."""
        committed = threading.Event()
        late_admissions = []
        stop = threading.Event()

        def client(server):
            with requests.Session() as session:
                while not stop.is_set():
                    after_commit = committed.is_set()
                    status = self.user(server, session).status_code
                    if after_commit and status != 401:
                        late_admissions.append(status)

        threads = [threading.Thread(target=client, args=(server,)) for server in self.servers * 2]
        for thread in threads:
            thread.start()
        try:
            self.warm()
            self.set_active(False)
            committed.set()
            self.warm_refused()
        finally:
            stop.set()
            for thread in threads:
                thread.join()
        self.assertEqual(late_admissions, [])

    def warm_refused(self):
        for server in self.servers:
            for _ in range(50):
                self.assertEqual(self.user(server).status_code, 401)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--restjwt", required=True)
    ARGS, rest = parser.parse_known_args()
    sys.path.insert(0, str(pathlib.Path(__file__).parent))
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
