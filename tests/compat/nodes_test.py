"""Two restjwt nodes sharing one PostgreSQL, behind nginx round-robin.

Starts a throwaway cluster (scripts/pg-cluster), two `restjwt serve` processes on free ports and
Debian's nginx with deploy/nginx-restjwt.conf (ports and paths substituted), then checks that a
token obtained on one node works on the other and that deactivating a user with the CLI makes
every node refuse the user's next request. Run with /usr/bin/python3 (Debian's requests).

  nodes_test.py --restjwt build/restjwt --source-dir .
"""
import argparse
import http.server
import os
import pathlib
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import requests

ARGS = None
USERNAME, PASSWORD = "nodeuser", "node-pass-123"
USERNAME_RATE = 20  # login attempts per username and minute, counted over both nodes


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, what, timeout=30):
    deadline = time.time() + timeout
    while not predicate():
        if time.time() > deadline:
            raise RuntimeError(what)
        time.sleep(0.05)


class Cluster:
    def __init__(self, tmp):
        self.script = str(pathlib.Path(ARGS.source_dir) / "scripts" / "pg-cluster")
        self.dir = str(tmp / "pg")
        self.url = subprocess.run([self.script, "start", self.dir], check=True,
                                  capture_output=True, text=True).stdout.strip()

    def stop(self):
        subprocess.run([self.script, "stop", self.dir], check=False)

    def resume(self):
        subprocess.run([self.script, "resume", self.dir], check=True)


class Node:
    def __init__(self, tmp, name, url, env):
        config = tmp / f"{name}.toml"
        config.write_text(
            '[server]\nbind = "127.0.0.1:0"\n'
            f'[database]\nurl = "{url}"\n'
            '[passwords]\npbkdf2_iterations = 1000\nhashers = ["pbkdf2_sha256"]\n'
            # The nodes count login attempts together, in PostgreSQL (login throttling).
            f'[throttle]\nstorage = "database"\naddress_rate = false\n'
            f'username_rate = "{USERNAME_RATE}/min"\nfailures_before_backoff = 1000\n'
            "[jwt_auth]\nJWT_ALLOW_REFRESH = true\n"
            # Each user's own secret (a column Django projects add), so that a password change
            # can end the user's sessions on every node.
            'JWT_GET_USER_SECRET_KEY = "column:jwt_secret"\n')
        port_file = tmp / f"{name}.port"
        self.log = open(tmp / f"{name}.log", "wb")
        self.process = subprocess.Popen(
            [ARGS.restjwt, "serve", "--config", str(config), "--port-file", str(port_file)],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        wait_for(lambda: self.process.poll() is not None or
                 (port_file.exists() and port_file.read_text().strip()),
                 f"{name} did not start")
        if self.process.poll() is not None:
            raise RuntimeError(f"{name} exited: " + (tmp / f"{name}.log").read_text())
        self.port = int(port_file.read_text().strip())
        self.base = f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.process.terminate()
        code = self.process.wait(timeout=20)
        self.log.close()
        return code


class ProtectedApp:
    """The application nginx protects with auth_request: echoes the user nginx passes on."""

    def __init__(self):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = f"hello {self.headers.get('X-User', '')}".encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        return 0


class Nginx:
    def __init__(self, tmp, node_ports, app_port):
        text = (pathlib.Path(ARGS.source_dir) / "deploy" / "nginx-restjwt.conf").read_text()
        self.port = free_port()
        servers = iter(node_ports)
        text = re.sub(r"server 127\.0\.0\.1:800\d", lambda _: f"server 127.0.0.1:{next(servers)}",
                      text)
        text = text.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{self.port};")
        text = text.replace("server 127.0.0.1:9000;", f"server 127.0.0.1:{app_port};")
        text = text.replace("/var/log/nginx/restjwt.access.log", str(tmp / "nginx-access.log"))
        temp = "".join(f"    {kind}_temp_path {tmp}/nginx-{kind};\n"
                       for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        text = text.replace("http {\n", "http {\n" + temp, 1)
        conf = tmp / "nginx.conf"
        conf.write_text(text)
        # nginx's workers drop to `nobody` when started as root: let them into the temp dir.
        os.chmod(tmp, 0o755)
        self.process = subprocess.Popen(
            ["/usr/sbin/nginx", "-c", str(conf), "-p", str(tmp),
             "-g", f"daemon off; pid {tmp}/nginx.pid; error_log {tmp}/nginx-error.log;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.base = f"http://127.0.0.1:{self.port}"

        def up():
            if self.process.poll() is not None:
                raise RuntimeError("nginx exited: " + self.process.stderr.read().decode())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return True
            except OSError:
                return False
        wait_for(up, "nginx did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


class SeveralNodes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmpdir = tempfile.TemporaryDirectory()
        cls.cluster = Cluster(pathlib.Path(cls.tmpdir.name))
        try:
            cls.start_nodes()
        except BaseException:
            cls.tearDownClass()  # unittest skips it when setUpClass fails: no stray processes
            raise

    @classmethod
    def start_nodes(cls):
        tmp = pathlib.Path(cls.tmpdir.name)
        cls.env = dict(os.environ, JWT_SECRET_KEY=secrets.token_urlsafe(48))
        cls.env.pop("DATABASE_URL", None)
        # An empty database: createuser creates Django's schema, then the user.
        created = subprocess.run(
            [ARGS.restjwt, "createuser", "--database", cls.cluster.url, "--username", USERNAME,
             "--email", "node@example.com", "--password-stdin"],
            input=PASSWORD.encode(), env=cls.env, capture_output=True, timeout=60)
        assert created.returncode == 0, created.stderr.decode()
        subprocess.run(["psql", "-q", cls.cluster.url, "-c",
                        "ALTER TABLE auth_user ADD COLUMN jwt_secret varchar(64) NULL"],
                       check=True, capture_output=True, timeout=60)
        cls.nodes = [Node(tmp, name, cls.cluster.url, cls.env) for name in ("node1", "node2")]
        cls.config = str(tmp / "node1.toml")
        rotated = subprocess.run([ARGS.restjwt, "users", "rotate-secret", USERNAME, "--config", cls.config],
                                 env=cls.env, capture_output=True, timeout=60)
        assert rotated.returncode == 0, rotated.stderr.decode()
        cls.app = ProtectedApp()
        cls.nginx = Nginx(tmp, [node.port for node in cls.nodes], cls.app.port)

    @classmethod
    def tearDownClass(cls):
        for part in [getattr(cls, "nginx", None), getattr(cls, "app", None), *getattr(cls, "nodes", [])]:
            if part is not None:
                part.stop()
        cls.cluster.stop()
        cls.tmpdir.cleanup()

    def obtain(self, base):
        response = requests.post(f"{base}/api-token-auth/",
                                 json={"username": USERNAME, "password": PASSWORD}, timeout=10)
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()["token"]

    def user(self, base, token):
        return requests.get(f"{base}/api/user/", headers={"Authorization": f"JWT {token}"},
                            timeout=10)

    def test_1_a_token_from_one_node_works_on_the_other(self):
        first, second = self.nodes
        token = self.obtain(first.base)
        verified = requests.post(f"{second.base}/api-token-verify/", json={"token": token},
                                 timeout=10)
        self.assertEqual(verified.status_code, 200, verified.text)
        refreshed = requests.post(f"{second.base}/api-token-refresh/", json={"token": token},
                                  timeout=10)
        self.assertEqual(refreshed.status_code, 200, refreshed.text)
        self.assertEqual(self.user(first.base, refreshed.json()["token"]).status_code, 200)
        self.assertEqual(self.user(second.base, token).status_code, 200)

    def test_2_nginx_spreads_requests_over_both_nodes(self):
        token = self.obtain(self.nginx.base)
        for _ in range(6):
            self.assertEqual(self.user(self.nginx.base, token).status_code, 200)
        log = (pathlib.Path(self.tmpdir.name) / "nginx-access.log")
        requests_per_node = [0, 0]
        for index, node in enumerate(self.nodes):
            requests_per_node[index] = sum(
                1 for line in (pathlib.Path(self.tmpdir.name) / f"node{index + 1}.log")
                .read_text(errors="replace").splitlines() if "path=/api/user/" in line)
        self.assertTrue(log.exists())
        self.assertTrue(all(count > 0 for count in requests_per_node), requests_per_node)

    def test_25_nginx_auth_request_protects_another_application(self):
        anonymous = requests.get(f"{self.nginx.base}/app/page", timeout=10)
        self.assertEqual(anonymous.status_code, 401)
        token = self.obtain(self.nginx.base)
        allowed = requests.get(f"{self.nginx.base}/app/page", headers={"Authorization": f"JWT {token}"}, timeout=10)
        self.assertEqual((allowed.status_code, allowed.text), (200, f"hello {USERNAME}"))
        forged = requests.get(f"{self.nginx.base}/app/page", headers={"Authorization": f"JWT {token}x"}, timeout=10)
        self.assertEqual(forged.status_code, 401)

    def test_3_deactivation_reaches_every_node(self):
        token = self.obtain(self.nginx.base)
        done = subprocess.run(
            [ARGS.restjwt, "users", "deactivate", USERNAME, "--database", self.cluster.url],
            env=self.env, capture_output=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        for node in self.nodes:
            self.assertEqual(self.user(node.base, token).status_code, 401)
        subprocess.run(
            [ARGS.restjwt, "users", "activate", USERNAME, "--database", self.cluster.url],
            env=self.env, check=True, capture_output=True, timeout=60)
        for node in self.nodes:
            self.assertEqual(self.user(node.base, token).status_code, 200)

    def test_35_a_password_change_ends_the_old_tokens_on_every_node(self):
        token = self.obtain(self.nginx.base)
        for node in self.nodes:
            self.assertEqual(self.user(node.base, token).status_code, 200)
        changed = subprocess.run(
            [ARGS.restjwt, "changepassword", "--username", USERNAME, "--password-stdin", "--config", self.config],
            input=PASSWORD.encode(), env=self.env, capture_output=True, timeout=60)
        self.assertEqual(changed.returncode, 0, changed.stderr.decode())
        for node in self.nodes:
            refused = self.user(node.base, token)
            self.assertEqual((refused.status_code, refused.json()), (401, {"detail": "Error decoding signature."}))
        self.assertEqual(self.user(self.nodes[1].base, self.obtain(self.nodes[0].base)).status_code, 200)

    def test_38_guesses_spread_over_the_nodes_share_one_limit(self):
        while int(time.time()) % 60 > 30:  # fixed one-minute windows: start with most of one ahead
            time.sleep(1)
        victim = "victim-" + secrets.token_hex(4)
        statuses = []
        for i in range(USERNAME_RATE):
            statuses.append(requests.post(f"{self.nodes[i % 2].base}/api-token-auth/",
                                          json={"username": victim, "password": "guess"},
                                          timeout=10).status_code)
        self.assertEqual(statuses, [400] * USERNAME_RATE)
        for node in self.nodes:  # each node saw half the limit; together they saw all of it
            refused = requests.post(f"{node.base}/api-token-auth/",
                                    json={"username": victim, "password": "guess"}, timeout=10)
            self.assertEqual(refused.status_code, 429, refused.text)
            self.assertTrue(refused.headers["Retry-After"].isdigit())
        counted = subprocess.run(["psql", "-qtA", self.cluster.url, "-c",
                                  f"SELECT hits FROM restjwt_throttle WHERE key = 'user:{victim}'"],
                                 check=True, capture_output=True, timeout=60)
        self.assertEqual(counted.stdout.decode().strip(), str(USERNAME_RATE + 2))

    def test_37_user_commands_fail_on_postgresql_as_on_sqlite(self):
        def cli(*args, stdin=b""):
            return subprocess.run([ARGS.restjwt, *args], input=stdin, env=self.env, capture_output=True,
                                  timeout=60)
        taken = cli("createuser", "--config", self.config, "--username", USERNAME, "--no-password")
        self.assertEqual(taken.returncode, 1)
        self.assertEqual(taken.stderr.decode(), f'restjwt: user "{USERNAME}" already exists\n')
        missing = cli("changepassword", "--config", self.config, "--username", "nobody", "--password-stdin",
                      stdin=b"x")
        self.assertEqual(missing.returncode, 1)
        self.assertEqual(missing.stderr.decode(), 'restjwt: user "nobody" does not exist\n')
        for command in (["users", "deactivate", "nobody"], ["users", "delete", "nobody"]):
            result = cli(*command, "--config", self.config)
            self.assertEqual(result.returncode, 1, command)
            self.assertIn("nobody", result.stderr.decode())
        unreachable = cli("users", "list", "--database", f"postgresql://restjwt:pw@127.0.0.1:{free_port()}/x")
        self.assertEqual(unreachable.returncode, 1)
        self.assertEqual(len(unreachable.stderr.decode().strip().splitlines()), 1, unreachable.stderr)
        self.assertNotIn(b":pw@", unreachable.stderr)
        # The commands connect as serve does: [database] sslmode applies (this cluster has no TLS).
        tls = pathlib.Path(self.tmpdir.name) / "tls.toml"
        tls.write_text(f'[database]\nurl = "{self.cluster.url}"\nsslmode = "require"\n')
        refused = cli("users", "list", "--config", str(tls))
        self.assertEqual(refused.returncode, 1, refused.stdout)
        self.assertIn("SSL", refused.stderr.decode())
        tls.write_text(f'[database]\nurl = "{self.cluster.url}"\nsslmode = "disable"\n')
        self.assertEqual(cli("users", "list", "--config", str(tls)).returncode, 0)

    def test_4_database_down_is_503_then_nodes_recover_by_themselves(self):
        """PostgreSQL stopped under load from several clients: only 200s and 503s, none slow, and
        200s again after it is back, without restarting anything."""
        token = self.obtain(self.nginx.base)
        lock = threading.Lock()
        statuses, slowest, bodies = {}, [0.0], []

        def hit(rounds):
            for _ in range(rounds):
                for base in [node.base for node in self.nodes] + [self.nginx.base]:
                    started = time.time()
                    response = self.user(base, token)
                    with lock:
                        slowest[0] = max(slowest[0], time.time() - started)
                        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                        if response.status_code == 503:
                            bodies.append(response.json())

        def load(rounds, clients=4):
            threads = [threading.Thread(target=hit, args=(rounds,)) for _ in range(clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()

        load(2)
        self.assertEqual(set(statuses), {200})
        self.cluster.stop()
        try:
            load(3)
            self.assertTrue(set(statuses) <= {200, 503}, statuses)
            self.assertGreater(statuses.get(503, 0), 0, statuses)
            self.assertTrue(all(b == {"detail": "Service temporarily unavailable, try again later."} for b in bodies))
            self.assertLess(slowest[0], 8, "a request hung")
        finally:
            self.cluster.resume()
        time.sleep(0.5)
        statuses.clear()
        load(2)
        self.assertEqual(statuses, {200: 24})


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--restjwt", required=True)
    parser.add_argument("--source-dir", required=True)
    ARGS, rest = parser.parse_known_args()
    if shutil.which("nginx") is None and not os.path.exists("/usr/sbin/nginx"):
        sys.exit("nginx is not installed (scripts/bootstrap installs it)")
    unittest.main(argv=[sys.argv[0], *rest])
