#!/usr/bin/python3
"""Faults the way they happen, against a running `restjwt serve`: another process holding the
SQLite database's write lock or an exclusive lock, a log reader that stops reading, hundreds of
silent sockets. Each must end quickly and clean up after itself: no request waits for a lock
timeout, no 5xx without a log line naming its cause, and everything recovers by itself.

  faults_test.py --restjwt build/restjwt --source-dir .
"""
import argparse
import base64
import concurrent.futures
import hashlib
import os
import pathlib
import secrets
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

import requests

ARGS = None


def django_pbkdf2(password, iterations, salt="oldsalt"):
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${base64.b64encode(digest).decode()}"


class Server:
    """A `restjwt serve` with its own database; stdout to a file, or to a pipe nobody reads."""

    def __init__(self, tmp, server_keys="", tables="", stdout_pipe=False,
                 users=("alice", "bob", "carol"), database_url=None):
        self.tmp = pathlib.Path(tmp)
        self.database = self.tmp / "db.sqlite3"
        self.config = self.tmp / "restjwt.toml"
        self.config.write_text(
            '[server]\nbind = "127.0.0.1:0"\n' + server_keys +
            '[passwords]\npbkdf2_iterations = 1000\nhashers = ["pbkdf2_sha256"]\n' + tables)
        self.env = dict(os.environ, JWT_SECRET_KEY=secrets.token_urlsafe(48),
                        DATABASE_URL=database_url or f"sqlite:///{self.database}")
        for name in users:
            done = subprocess.run([ARGS.restjwt, "createuser", "--config", str(self.config),
                                   "--username", name, "--password-stdin"],
                                  input=f"pw-of-{name}".encode(), env=self.env, capture_output=True,
                                  timeout=60)
            assert done.returncode == 0, done.stderr.decode()
        port_file = self.tmp / "port"
        self.log_path = self.tmp / "server.log"
        self.log = None if stdout_pipe else open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [ARGS.restjwt, "serve", "--config", str(self.config), "--port-file", str(port_file)],
            env=self.env, stdout=subprocess.PIPE if stdout_pipe else self.log,
            stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            assert self.process.poll() is None and time.time() < deadline, "server did not start"
            time.sleep(0.05)
        self.port = int(port_file.read_text())
        self.base = f"http://127.0.0.1:{self.port}"

    def log_text(self):
        return self.log_path.read_text(errors="replace")

    def stop(self):
        self.process.terminate()
        code = self.process.wait(timeout=30)
        if self.log:
            self.log.close()
        assert code == 0, f"restjwt serve exited {code}"

    def login(self, name, timeout=30):
        return requests.post(self.base + "/api-token-auth/",
                             json={"username": name, "password": f"pw-of-{name}"}, timeout=timeout)


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def figure(text):
    """A measured figure, printed for the record (ctest --output-on-failure -V shows them)."""
    print(f"figure: {text}", file=sys.stderr, flush=True)


def eventually(condition, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


class WriteLockHeldByAnotherProcess(unittest.TestCase):
    """Another process holds SQLite's write lock (BEGIN IMMEDIATE) for longer than the
    database's 5 s statement timeout: reads go on; writes must not hold logins."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.server = Server(self.tmp.name,
                             tables='[throttle]\nstorage = "database"\ntimeout = "250ms"\n'
                                    'failures_before_backoff = 3\n')
        with sqlite3.connect(self.server.database) as db:  # an outdated hash: 500 iterations
            db.execute("UPDATE auth_user SET password = ? WHERE username = 'alice'",
                       (django_pbkdf2("pw-of-alice", 500),))

    def tearDown(self):
        self.server.stop()
        self.tmp.cleanup()

    def stored_hash(self, name):
        with sqlite3.connect(self.server.database, timeout=30) as db:
            return db.execute("SELECT password FROM auth_user WHERE username = ?", (name,)).fetchone()[0]

    def test_logins_answer_at_once_and_the_upgrade_lands_after_the_lock_goes(self):
        token = self.server.login("bob").json()["token"]
        holder = sqlite3.connect(self.server.database, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            for name in ("alice", "bob", "alice"):
                response, took = timed(lambda: self.server.login(name))
                self.assertEqual(response.status_code, 200, response.text)
                self.assertLess(took, 2.0, f"login of {name} waited {took:.2f} s for the lock")
                figure(f"write lock held: login of {name} answered 200 in {took * 1000:.0f} ms")
            response, took = timed(lambda: self.server.login("carol"))
            self.assertEqual(response.status_code, 200)
            wrong, took = timed(lambda: requests.post(
                self.server.base + "/api-token-auth/", json={"username": "bob", "password": "x"},
                timeout=30))
            self.assertEqual(wrong.status_code, 400)
            self.assertLess(took, 2.0)
            figure(f"write lock held: a wrong password answered 400 in {took * 1000:.0f} ms "
                   "(throttle counters skipped after their timeout)")
            verify = requests.post(self.server.base + "/api-token-verify/", json={"token": token},
                                   timeout=30)
            self.assertEqual(verify.status_code, 200)
            self.assertTrue(self.stored_hash("alice").startswith("pbkdf2_sha256$500$"))
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        # The database takes writes again: the upgrade is written without a restart or a login.
        released = time.monotonic()
        self.assertTrue(eventually(
            lambda: self.stored_hash("alice").startswith("pbkdf2_sha256$1000$")),
            self.stored_hash("alice"))
        figure(f"lock released: the upgraded hash written {time.monotonic() - released:.2f} s later")
        log = self.server.log_text()
        self.assertIn("login throttle counters failed", log)
        self.assertNotIn("pw-of-", log)
        metrics = requests.get(self.server.base + "/metrics", timeout=10).text
        self.assertIn('restjwt_password_upgrades_total{result="written"} 1\n', metrics)
        self.assertNotIn('status="500"', metrics)


class DatabaseGoesAway(unittest.TestCase):
    """The PostgreSQL server stops while restjwt serves: /readyz turns 503 with the cause,
    requests that need the database fail fast with 503 (logged), what needs none goes on, and all
    of it recovers by itself when the database comes back. (On SQLite another process cannot take
    the lock that would block reads while restjwt holds the file open: WAL readers keep a shared
    lock, so that fault cannot happen there.)"""

    def test_readiness_follows_the_database(self):
        script = str(pathlib.Path(ARGS.source_dir) / "scripts" / "pg-cluster")
        with tempfile.TemporaryDirectory() as tmp:
            cluster = pathlib.Path(tmp) / "pg"
            url = subprocess.run([script, "start", str(cluster)], capture_output=True, text=True,
                                 check=True, timeout=120).stdout.strip()
            server = None
            try:
                server = Server(tmp, database_url=url, users=("alice", "bob"),
                                tables='[database]\nconnect_timeout = 1\nstatement_timeout = 2\n')
                self.assertEqual(requests.get(server.base + "/readyz", timeout=10).status_code, 200)
                token = server.login("alice").json()["token"]
                subprocess.run([script, "stop", str(cluster)], check=True, timeout=60)
                stopped = time.monotonic()
                self.assertTrue(eventually(lambda: requests.get(
                    server.base + "/readyz", timeout=10).status_code == 503, 15))
                figure(f"PostgreSQL stopped: /readyz 503 after {time.monotonic() - stopped:.2f} s")
                ready = requests.get(server.base + "/readyz", timeout=10).json()
                self.assertEqual(ready["status"], "unavailable")
                self.assertTrue(ready["reason"].startswith("database: "), ready)
                response, took = timed(lambda: requests.post(
                    server.base + "/api-token-verify/", json={"token": token}, timeout=30))
                self.assertEqual(response.status_code, 503)
                self.assertLess(took, 5.0)
                figure(f"PostgreSQL stopped: verify answered 503 in {took * 1000:.0f} ms")
                health, took = timed(lambda: requests.get(server.base + "/healthz", timeout=10))
                self.assertEqual(health.status_code, 200)
                self.assertLess(took, 1.0)
                subprocess.run([script, "resume", str(cluster)], check=True, timeout=60)
                resumed = time.monotonic()
                self.assertTrue(eventually(lambda: requests.get(
                    server.base + "/readyz", timeout=10).status_code == 200, 20))
                figure(f"PostgreSQL back: /readyz 200 after {time.monotonic() - resumed:.2f} s")
                self.assertTrue(eventually(lambda: requests.post(
                    server.base + "/api-token-verify/", json={"token": token},
                    timeout=10).status_code == 200, 20))
                self.assertIn("database: find_by_username failed (unavailable)", server.log_text())
            finally:
                if server:
                    server.stop()
                subprocess.run([script, "stop", str(cluster)], timeout=60)


class LogReaderThatStopsReading(unittest.TestCase):
    """stdout is a pipe nobody reads: the server must go on answering (it used to freeze after a
    few hundred requests); what the log cannot take is dropped and counted."""

    def test_requests_never_wait_for_the_log(self):
        with tempfile.TemporaryDirectory() as tmp:
            server = Server(tmp, stdout_pipe=True, users=())
            try:
                # Long request ids make long access lines: the pipe (64 KiB) and the logger's own
                # buffer (1 MiB) fill after a few thousand.
                request_id = "r" * 120

                def hammer(worker):
                    with requests.Session() as session:
                        for _ in range(1500):
                            response = session.get(server.base + f"/api/user/?w={worker}",
                                                   headers={"X-Request-ID": request_id}, timeout=10)
                            assert response.status_code == 401, response.status_code

                started = time.monotonic()
                with concurrent.futures.ThreadPoolExecutor(4) as pool:
                    list(pool.map(hammer, range(4)))
                took = time.monotonic() - started
                self.assertLess(took, 120)
                metrics = requests.get(server.base + "/metrics", timeout=10).text
                dropped = [line for line in metrics.splitlines()
                           if line.startswith("restjwt_log_lines_dropped_total ")]
                self.assertTrue(dropped and int(dropped[0].split()[1]) > 0, dropped)
                figure(f"log pipe never read: 6000 requests answered in {took:.1f} s, "
                       f"{dropped[0].split()[1]} lines dropped and counted")
                # The reader comes back: the log says how many lines it lost.
                seen = b""
                deadline = time.monotonic() + 20
                os.set_blocking(server.process.stdout.fileno(), False)
                while b"log line(s) dropped" not in seen and time.monotonic() < deadline:
                    chunk = server.process.stdout.read(1 << 20)
                    seen = (seen + chunk)[-(1 << 22):] if chunk else seen
                    time.sleep(0.01)
                self.assertIn(b"log line(s) dropped: the reader of this log did not keep up", seen)
            finally:
                server.process.terminate()
                server.process.stdout.close()
                self.assertEqual(server.process.wait(timeout=30), 0)


class SilentSockets(unittest.TestCase):
    """Hundreds of sockets that never send anything cannot lock legitimate clients out."""

    def test_legitimate_clients_are_served(self):
        with tempfile.TemporaryDirectory() as tmp:
            server = Server(tmp, server_keys='max_connections = 32\nfirst_byte_timeout = 30\n',
                            users=())
            silent = []
            try:
                for _ in range(300):
                    silent.append(socket.create_connection(("127.0.0.1", server.port)))
                started = time.monotonic()
                for _ in range(20):
                    response = requests.get(server.base + "/healthz", timeout=10)
                    self.assertEqual(response.status_code, 200)
                figure(f"300 silent sockets at max_connections = 32: 20 requests served in "
                       f"{(time.monotonic() - started) * 1000:.0f} ms")
            finally:
                for sock in silent:
                    sock.close()
                server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--restjwt", required=True)
    parser.add_argument("--source-dir", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
