"""A `restjwt serve` process for black-box tests: its own temporary config, database and user,
a free port (learned through --port-file), stopped with SIGTERM (which must exit 0)."""
import os
import pathlib
import secrets
import subprocess
import time


class RestjwtServer:
    def __init__(self, restjwt, tmp, jwt_auth="", extra_toml="", users=(("testuser", "testpass123"),),
                 env=None, database=None, secret=None):
        """`database`: another server's SQLite file to share (default: a new one in `tmp`);
        `secret`: the JWT secret (default: a new random one)."""
        self.tmp = pathlib.Path(tmp)
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.secret = secret or secrets.token_urlsafe(48)
        self.database = pathlib.Path(database) if database else self.tmp / "db.sqlite3"
        self.config = self.tmp / "restjwt.toml"
        self.config.write_text(
            '[server]\nbind = "127.0.0.1:0"\naccess_log = true\n'
            f'[database]\nurl = "sqlite:///{self.database}"\n'
            '[passwords]\npbkdf2_iterations = 1000\nhashers = ["pbkdf2_sha256"]\n'
            f"{extra_toml}\n[jwt_auth]\n{jwt_auth}\n")
        self.env = dict(os.environ, JWT_SECRET_KEY=self.secret, **(env or {}))
        self.env.pop("DATABASE_URL", None)
        for username, password in users:
            create = subprocess.run(
                [restjwt, "createuser", "--config", str(self.config), "--username", username,
                 "--email", f"{username}@example.com", "--password-stdin"],
                input=password.encode(), env=self.env, capture_output=True, timeout=60)
            assert create.returncode == 0, create.stderr.decode()
        port_file = self.tmp / "port"
        port_file.unlink(missing_ok=True)  # a restart in the same directory must not read the old port
        self.log = open(self.tmp / "server.log", "wb")
        self.process = subprocess.Popen(
            [restjwt, "serve", "--config", str(self.config), "--port-file", str(port_file)],
            env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if self.process.poll() is not None or time.time() > deadline:
                raise RuntimeError("server did not start: " + (self.tmp / "server.log").read_text())
            time.sleep(0.05)
        self.port = int(port_file.read_text().strip())
        self.base = f"http://127.0.0.1:{self.port}"

    def log_text(self):
        self.log.flush()
        return (self.tmp / "server.log").read_text(errors="replace")

    def stop(self):
        self.process.terminate()
        code = self.process.wait(timeout=20)
        self.log.close()
        assert code == 0, f"restjwt serve exited {code}"
