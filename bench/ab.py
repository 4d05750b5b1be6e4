"""A/B load comparison of two restjwt servers, for BENCHMARKS.md (scripts/bench-ab).

Two servers run side by side, each on its own SQLite database with one user; wrk loads one at a
time, rounds alternating A, B, A, B... Besides wrk's requests/s, each run reads the server's own
CPU time (utime + stime of /proc/<pid>/stat) before and after, and prints CPU microseconds per
request: on a machine shared with other work, throughput moves with the neighbours' load, while
the CPU a server spends on one request barely does, so that is the figure to compare. A server
saturating its cores serves 1/cpu_per_request requests per CPU-second: a cost of x% CPU per
request is a loss of about x% throughput.

  bench/ab.py --a-binary B --b-binary B [--a-toml T] [--b-toml T] [--a-log F] [--b-log F]
              [--scenario verify|protected|refresh] [--duration S] [--rounds N]
"""
import argparse
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TICK = os.sysconf("SC_CLK_TCK")
PATHS = {"verify": "/api-token-verify/", "protected": "/api/user/", "refresh": "/api-token-refresh/"}


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (fields 14 and 15)


class Server:
    def __init__(self, name, binary, extra_toml, log, work, password, secret):
        self.name = name
        folder = os.path.join(work, name)
        os.makedirs(folder)
        config = os.path.join(folder, "restjwt.toml")
        tables = {"server": 'bind = "127.0.0.1:0"\nthreads = 2\naccess_log = false\n',
                  "database": f'url = "sqlite:///{folder}/bench.sqlite3"\n',
                  "throttle": "enabled = false\n",
                  "jwt_auth": 'JWT_EXPIRATION_DELTA = "1h"\nJWT_ALLOW_REFRESH = true\n'}
        # The extra TOML's keys win: it is appended to its table (a later key replaces nothing in
        # TOML, so the defaults above are dropped when the extra sets the same key).
        for line in extra_toml.splitlines():
            m = re.match(r"\s*\[(\w+)\]\s*$", line)
            if m:
                table = m.group(1)
                tables.setdefault(table, "")
                continue
            key = line.split("=", 1)[0].strip()
            if key:
                tables[table] = "".join(l + "\n" for l in tables[table].splitlines()
                                        if l.split("=", 1)[0].strip() != key) + line + "\n"
        with open(config, "w") as f:
            f.write("".join(f"[{t}]\n{body}" for t, body in tables.items()))
        env = dict(os.environ, JWT_SECRET_KEY=secret)
        subprocess.run([binary, "createuser", "--config", config, "--username", "bench",
                        "--email", "bench@example.com", "--password-stdin"],
                       input=password.encode(), env=env, check=True, stdout=subprocess.DEVNULL)
        port_file = os.path.join(folder, "port")
        self.log = open(log or os.path.join(folder, "server.log"), "ab")
        self.process = subprocess.Popen([binary, "serve", "--config", config, "--port-file", port_file],
                                        env=env, stdout=self.log, stderr=self.log)
        for _ in range(100):
            if os.path.exists(port_file) and os.path.getsize(port_file):
                break
            time.sleep(0.1)
        with open(port_file) as f:
            self.url = f"http://127.0.0.1:{f.read().strip()}"
        request = urllib.request.Request(
            self.url + "/api-token-auth/", method="POST",
            data=json.dumps({"username": "bench", "password": password}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as answer:
            self.token = json.load(answer)["token"]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.close()


def run_wrk(server, scenario, duration, connections):
    script = os.path.join(HERE, "load", f"{scenario}.lua")
    before = cpu_seconds(server.process.pid)
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", script,
                          server.url + PATHS[scenario]],
                         env=dict(os.environ, RESTJWT_TOKEN=server.token),
                         capture_output=True, text=True, check=True).stdout
    cpu = cpu_seconds(server.process.pid) - before
    summary = subprocess.run([sys.executable, os.path.join(HERE, "wrk_summary.py")], input=out,
                             capture_output=True, text=True, check=True).stdout.split()
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return float(summary[0]), float(summary[1]), float(summary[2]), int(summary[3]), cpu * 1e6 / requests


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for side in "ab":
        parser.add_argument(f"--{side}-binary", required=True)
        parser.add_argument(f"--{side}-toml", default="", help="TOML lines added to the base config")
        parser.add_argument(f"--{side}-log", default="", help="where the server's output goes")
        parser.add_argument(f"--{side}-name", default=side.upper())
    parser.add_argument("--scenario", choices=sorted(PATHS), default="verify")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    password = "bench-" + secrets.token_hex(8)
    secret = secrets.token_urlsafe(48)
    with tempfile.TemporaryDirectory() as work:
        servers = []
        try:
            for side in "ab":
                servers.append(Server(getattr(args, f"{side}_name"), getattr(args, f"{side}_binary"),
                                      getattr(args, f"{side}_toml"), getattr(args, f"{side}_log"),
                                      work, password, secret))
            print(f"restjwt A/B, {args.scenario}: wrk -t2 -c{args.connections} -d{args.duration}s, "
                  f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
                  f"load {os.getloadavg()[0]:.1f}")
            cpu = {s.name: [] for s in servers}
            for round_ in range(1, args.rounds + 1):
                for server in servers:
                    rps, p50, p99, bad, us = run_wrk(server, args.scenario, args.duration, args.connections)
                    cpu[server.name].append(us)
                    print(f"{server.name:<28} ({round_}) {rps:>9.0f} req/s  p50 {p50:6.3f} ms  "
                          f"p99 {p99:6.3f} ms  non-2xx {bad:>5}  server CPU {us:6.2f} us/request", flush=True)
            a, b = (statistics.median(cpu[s.name]) for s in servers)
            print(f"median server CPU per request: {servers[0].name} {a:.2f} us, "
                  f"{servers[1].name} {b:.2f} us ({(b / a - 1) * 100:+.1f}%)")
        finally:
            for server in servers:
                server.stop()


if __name__ == "__main__":
    main()
