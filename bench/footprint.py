#!/usr/bin/python3
"""Server footprint figures for BENCHMARKS.md, printed one line each:

  footprint.py startup --restjwt build/restjwt   start-up to the first answered request (SQLite)
  footprint.py idle    --restjwt build/restjwt   RSS cost of 10,000 idle keep-alive connections
  footprint.py soak    --restjwt build/restjwt --seconds 600
                                                 RSS sampled under mixed load (verify + logins)

Each starts its own `restjwt serve` on a temporary SQLite database. Measured, never asserted.
"""
import argparse
import os
import pathlib
import resource
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, restjwt, tmp, extra_toml=""):
        self.restjwt, self.tmp = restjwt, pathlib.Path(tmp)
        self.port = free_port()
        self.config = self.tmp / "restjwt.toml"
        self.config.write_text(
            f'[server]\nbind = "127.0.0.1:{self.port}"\naccess_log = false\n{extra_toml}\n'
            f'[database]\nurl = "sqlite:///{self.tmp / "db.sqlite3"}"\n'
            '[throttle]\nenabled = false\n[jwt_auth]\nJWT_EXPIRATION_DELTA = "1h"\n')
        self.env = dict(os.environ, JWT_SECRET_KEY=secrets.token_urlsafe(48))
        self.env.pop("DATABASE_URL", None)
        self.password = secrets.token_urlsafe(12)
        subprocess.run([restjwt, "createuser", "--config", str(self.config), "--username", "bench",
                        "--password-stdin"], input=self.password.encode(), env=self.env, check=True,
                       capture_output=True)
        self.process = None

    def start(self):
        started = time.perf_counter()
        self.process = subprocess.Popen([self.restjwt, "serve", "--config", str(self.config)],
                                        env=self.env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        request = b"GET /api-token-verify/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        while True:  # poll until a request is answered: that is "up"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(request)
                    if s.recv(64).startswith(b"HTTP/1.1"):
                        return time.perf_counter() - started
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("restjwt serve exited")
                time.sleep(0.0005)

    def rss_kib(self):
        for line in pathlib.Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def token(self):
        body = f'{{"username":"bench","password":"{self.password}"}}'.encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/api-token-auth/", body,
                                         {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            import json
            return json.load(response)["token"]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def startup(args):
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(args.restjwt, tmp)
        for _ in range(args.runs):
            times.append(server.start() * 1000)
            server.stop()
    print(f"start-up to first answered request (SQLite): median {statistics.median(times):.1f} ms, "
          f"max {max(times):.1f} ms over {len(times)} starts")


def idle(args):
    n = args.connections
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, n + 1000)), hard))
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(args.restjwt, tmp,
                        f'max_connections = {n + 100}\nidle_timeout = "10m"\n')
        server.start()
        time.sleep(0.3)
        before = server.rss_kib()
        request = b"GET /api-token-verify/ HTTP/1.1\r\nHost: x\r\n\r\n"
        sockets = []
        for _ in range(n):  # one request each, then idle between requests (keep-alive)
            s = socket.create_connection(("127.0.0.1", server.port))
            s.sendall(request)
            if not s.recv(4096).startswith(b"HTTP/1.1 405"):
                raise RuntimeError("unexpected answer")
            sockets.append(s)
        time.sleep(1)
        after = server.rss_kib()
        print(f"{n} idle keep-alive connections: RSS {before} KiB -> {after} KiB, "
              f"{(after - before) * 1024 / n:.0f} bytes per connection")
        for s in sockets:
            s.close()
        server.stop()


def soak(args):
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(args.restjwt, tmp)
        server.start()
        token = server.token()
        verify = pathlib.Path(tmp) / "verify.lua"
        verify.write_text('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                          f'wrk.body = \'{{"token":"{token}"}}\'\n')
        login = pathlib.Path(tmp) / "login.lua"
        login.write_text('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                         f'wrk.body = \'{{"username":"bench","password":"{server.password}"}}\'\n')
        base = f"http://127.0.0.1:{server.port}"
        loads = [subprocess.Popen(["wrk", "-t1", "-c32", f"-d{args.seconds}s", "-s", str(verify),
                                   base + "/api-token-verify/"], stdout=subprocess.DEVNULL),
                 subprocess.Popen(["wrk", "-t1", "-c4", f"-d{args.seconds}s", "-s", str(login),
                                   base + "/api-token-auth/"], stdout=subprocess.DEVNULL)]
        samples = []
        started = time.time()
        while any(p.poll() is None for p in loads):
            samples.append((time.time() - started, server.rss_kib()))
            time.sleep(min(10, max(1, args.seconds / 60)))
        server.stop()
    first = samples[min(2, len(samples) - 1)][1]  # after warm-up
    last = samples[-1][1]
    peak = max(rss for _, rss in samples)
    print(f"RSS over {args.seconds} s of mixed load (verify 32 conn. + logins 4 conn.): "
          f"{first} KiB after warm-up, {last} KiB at the end, peak {peak} KiB "
          f"({len(samples)} samples)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["startup", "idle", "soak"])
    parser.add_argument("--restjwt", required=True)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--connections", type=int, default=10000)
    parser.add_argument("--seconds", type=int, default=600)
    args = parser.parse_args()
    {"startup": startup, "idle": idle, "soak": soak}[args.what](args)


if __name__ == "__main__":
    sys.exit(main())
