#!/usr/bin/python3
"""The service's lifecycle as systemd and an operator see it, on the real binary: sd_notify
(READY, RELOADING, STOPPING), SIGHUP reloads without dropping a connection and survives a bad
configuration, exit statuses that tell a configuration from a database from an address, and
check-config opening the database.

  lifecycle_test.py --restjwt build/restjwt
"""
import argparse
import http.client
import json
import os
import pathlib
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

ARGS = None


class Notifications:
    """A NOTIFY_SOCKET listener, as systemd opens one for Type=notify services."""

    def __init__(self, directory):
        self.path = str(pathlib.Path(directory) / "notify")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.sock.settimeout(10)

    def next(self):
        return self.sock.recv(4096).decode()

    def close(self):
        self.sock.close()


class Lifecycle(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = pathlib.Path(self.tmp.name)
        self.config = self.dir / "restjwt.toml"
        self.secret_file = self.dir / "secret"
        self.secret_file.write_text(secrets.token_urlsafe(48))
        self.write_config("JWT_ALLOW_REFRESH = true")
        self.env = dict(os.environ, JWT_SECRET_KEY_FILE=str(self.secret_file),
                        DATABASE_URL=f"sqlite:///{self.dir}/db.sqlite3")
        done = subprocess.run([ARGS.restjwt, "createuser", "--config", str(self.config),
                               "--username", "alice", "--password-stdin"], input=b"pw",
                              env=self.env, capture_output=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)

    def tearDown(self):
        self.tmp.cleanup()

    def write_config(self, jwt_auth, server=""):
        self.config.write_text('[server]\nbind = "127.0.0.1:0"\n' + server +
                               '[passwords]\npbkdf2_iterations = 1000\nhashers = ["pbkdf2_sha256"]\n'
                               f'[jwt_auth]\n{jwt_auth}\n')

    def serve(self, env=None):
        port_file = self.dir / "port"
        port_file.unlink(missing_ok=True)
        log = open(self.dir / "server.log", "ab")
        process = subprocess.Popen([ARGS.restjwt, "serve", "--config", str(self.config),
                                    "--port-file", str(port_file)],
                                   env={**self.env, **(env or {})}, stdout=log, stderr=log)
        deadline = time.time() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            self.assertIsNone(process.poll(), (self.dir / "server.log").read_text())
            self.assertLess(time.time(), deadline)
            time.sleep(0.05)
        return process, int(port_file.read_text())

    def call(self, connection, method, path, body=None):
        connection.request(method, path, body=json.dumps(body) if body is not None else None,
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, response.read()

    def test_notify_reload_and_stop(self):
        notify = Notifications(self.dir)
        try:
            process, port = self.serve({"NOTIFY_SOCKET": notify.path})
            self.assertTrue(notify.next().startswith("READY=1"))
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            status, body = self.call(connection, "POST", "/api-token-auth/",
                                     {"username": "alice", "password": "pw"})
            self.assertEqual(status, 200)
            old_token = json.loads(body)["token"]

            # A new secret, then SIGHUP: new requests use it, the keep-alive connection stays.
            self.secret_file.write_text(secrets.token_urlsafe(48))
            process.send_signal(signal.SIGHUP)
            self.assertEqual(notify.next(), "RELOADING=1")
            self.assertEqual(notify.next(), "READY=1")
            status, body = self.call(connection, "POST", "/api-token-verify/", {"token": old_token})
            self.assertEqual((status, json.loads(body)),
                             (400, {"non_field_errors": ["Error decoding signature."]}))
            status, body = self.call(connection, "POST", "/api-token-auth/",
                                     {"username": "alice", "password": "pw"})
            self.assertEqual(status, 200)
            new_token = json.loads(body)["token"]

            # A configuration that does not load: logged, ignored, still serving the old one.
            self.config.write_text("[server\nbroken")
            process.send_signal(signal.SIGHUP)
            self.assertEqual(notify.next(), "RELOADING=1")
            self.assertEqual(notify.next(), "READY=1")
            status, _ = self.call(connection, "POST", "/api-token-verify/", {"token": new_token})
            self.assertEqual(status, 200)
            self.assertIsNone(process.poll())

            process.send_signal(signal.SIGTERM)
            self.assertEqual(notify.next(), "STOPPING=1")
            self.assertEqual(process.wait(timeout=30), 0)
            log = (self.dir / "server.log").read_text()
            self.assertIn("configuration reloaded", log)
            self.assertIn("reload refused, the running configuration is kept: ", log)
        finally:
            notify.close()

    def test_sighup_without_notify_socket_never_kills(self):
        process, port = self.serve()
        for _ in range(3):
            process.send_signal(signal.SIGHUP)
            time.sleep(0.2)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.assertEqual(self.call(connection, "GET", "/healthz")[0], 200)
        process.send_signal(signal.SIGTERM)
        self.assertEqual(process.wait(timeout=30), 0)

    def exit_status(self, *args, env=None):
        done = subprocess.run([ARGS.restjwt, *args], env={**self.env, **(env or {})},
                              capture_output=True, text=True, timeout=60)
        return done.returncode, done.stderr.strip(), done.stdout

    def test_exit_statuses_tell_what_failed(self):
        serve = ("serve", "--config", str(self.config))
        # The configuration: 78 (EX_CONFIG), so that systemd does not restart in a loop.
        code, error, _ = self.exit_status(*serve, env={"JWT_LEEWAY": "soon"})
        self.assertEqual(code, 78, error)
        self.assertTrue(error.startswith("restjwt: environment JWT_LEEWAY = \"soon\""), error)
        # A database path that cannot exist is the configuration's fault too.
        code, error, _ = self.exit_status(*serve, env={
            "DATABASE_URL": f"sqlite:///{self.dir}/missing/db.sqlite3"})
        self.assertEqual(code, 78, error)
        self.assertIn('directory "' + str(self.dir) + '/missing" does not exist', error)
        # A database that cannot be reached: 69 (EX_UNAVAILABLE), worth a retry.
        code, error, _ = self.exit_status(*serve, env={
            "DATABASE_URL": "postgresql://app:hunter2@127.0.0.1:1/app"})
        self.assertEqual(code, 69, error)
        self.assertNotIn("hunter2", error)
        # The address: 71 (EX_OSERR).
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            code, error, _ = self.exit_status("serve", "--config", str(self.config), "--bind",
                                              f"127.0.0.1:{taken.getsockname()[1]}")
        self.assertEqual(code, 71, error)
        self.assertIn("Address already in use", error)

    def test_check_config_opens_the_database(self):
        code, error, out = self.exit_status("check-config", "--config", str(self.config))
        self.assertEqual(code, 0, error)
        self.assertIn(f"# database sqlite:///{self.dir}/db.sqlite3: user table auth_user "
                      '(username field "username", integer ids) found', out)
        code, error, out = self.exit_status("check-config", "--config", str(self.config), env={
            "DATABASE_URL": f"sqlite:///{self.dir}/nothing-here.sqlite3"})
        self.assertEqual(code, 69, error)
        self.assertIn("no such file (serve would create it with Django's auth schema)", error)
        self.assertFalse((self.dir / "nothing-here.sqlite3").exists())
        code, error, _ = self.exit_status("check-config", "--config", str(self.config),
                                          env={"JWT_VERIFY": "false"})
        self.assertEqual(code, 78, error)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--restjwt", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
