"""restjwt and the real Django 3.2 (Debian's python3-django) on one database, SQLite and
PostgreSQL, each with Django 3.2's own default hashers (PBKDF2, 260,000 iterations) and restjwt
configured with `[passwords] django_version = "3.2"`:

  - users made by either side log in on both (restjwt over HTTP, Django's authenticate());
  - no hash is rewritten by either side's logins, however often they alternate, and restjwt keeps
    a hash with more iterations than its own (a newer Django's);
  - restjwt refuses a lookalike (NFKC) of a user Django made;
  - Django's admin lists every user restjwt created and opens its change page;
  - restjwt's update_last_login is what Django reads as last_login.

  django_neighbour_test.py --restjwt BIN --source-dir DIR
The same file is the Django side (`--peer PROJECT COMMAND [JSON]`), run in a process per command
since Django is set up once per process.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import django_project

PYTHON = "/usr/bin/python3"  # Debian's, with python3-django and python3-psycopg2

SETTINGS = django_project.database_settings("NEIGHBOUR_DB")


# --- The Django side.

def peer(project, command, argument):
    if command == "create":
        django_project.create(project, SETTINGS)
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=project, check=True)
        return {"created": True}
    django_project.load(project)
    from django.contrib.auth import authenticate, get_user_model
    from django.test import Client
    User = get_user_model()
    if command == "users":  # {"name": "password"}: made as Django's UserManager makes them
        for name, password in json.loads(argument).items():
            if name == "admin":
                User.objects.create_superuser(name, "admin@example.com", password)
            else:
                User.objects.create_user(name, f"{name}@example.com", password)
        return {"made": True}
    if command == "rehash":  # {"name": [password, iterations]}: as a newer Django would hash
        from django.contrib.auth.hashers import PBKDF2PasswordHasher
        hasher = PBKDF2PasswordHasher()
        for name, (password, iterations) in json.loads(argument).items():
            User.objects.filter(username=name).update(
                password=hasher.encode(password, hasher.salt(), iterations))
        return {"rehashed": True}
    if command == "check":  # authenticate() each, then what Django sees
        logins = {name: authenticate(username=name, password=password) is not None
                  for name, password in json.loads(argument).items()}
        users = {u.username: {"hash": u.password,
                              "last_login": u.last_login.isoformat() if u.last_login else None}
                 for u in User.objects.all()}
        client = Client()
        client.force_login(User.objects.get(username="admin"))
        listing = client.get("/admin/auth/user/")
        listed = listing.content.decode()
        changes = {u.username: client.get(f"/admin/auth/user/{u.pk}/change/").status_code
                   for u in User.objects.all()}
        return {"logins": logins, "users": users, "admin_status": listing.status_code,
                "admin_lists": {name: f">{name}</a>" in listed for name in users},
                "admin_change": changes}
    raise SystemExit(f"unknown command {command}")


# --- The test.

class Neighbours:
    def __init__(self, args, tmp, url):
        self.args, self.tmp, self.url = args, tmp, url
        self.project = str(tmp / "project")
        self.env = dict(os.environ, NEIGHBOUR_DB=url, JWT_SECRET_KEY="s" * 48)
        self.env.pop("DATABASE_URL", None)
        self.config = tmp / "restjwt.toml"
        self.config.write_text(
            '[server]\nbind = "127.0.0.1:0"\n'
            f'[database]\nurl = "{url}"\n'
            '[passwords]\ndjango_version = "3.2"\n'
            "[users]\nupdate_last_login = true\n")
        self.django("create")

    def django(self, command, argument=None):
        run = subprocess.run([PYTHON, __file__, "--peer", self.project, command] +
                             ([json.dumps(argument)] if argument is not None else []),
                             env=self.env, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, f"django {command}: {run.stderr}"
        return json.loads(run.stdout.strip().splitlines()[-1])

    def restjwt(self, *arguments, stdin=""):
        return subprocess.run([self.args.restjwt, *arguments, "--config", str(self.config)],
                              input=stdin, env=self.env, capture_output=True, text=True,
                              timeout=120)

    def serve(self):
        port_file = self.tmp / "port"
        self.log = open(self.tmp / "server.log", "wb")
        self.server = subprocess.Popen(
            [self.args.restjwt, "serve", "--config", str(self.config), "--port-file",
             str(port_file)], env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            assert self.server.poll() is None and time.time() < deadline, \
                (self.tmp / "server.log").read_text()
            time.sleep(0.05)
        self.base = f"http://127.0.0.1:{port_file.read_text().strip()}"

    def stop(self):
        self.server.terminate()
        assert self.server.wait(timeout=20) == 0
        self.log.close()

    def obtain(self, username, password):
        request = urllib.request.Request(
            self.base + "/api-token-auth/", method="POST",
            data=json.dumps({"username": username, "password": password}).encode(),
            headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def check_backend(args, name, tmp, url, tally):
    def expect(condition, what, detail=""):
        print(f"{'ok' if condition else 'FAIL'}: {name}: {what}")
        tally["passed" if condition else "failed"] += 1
        if not condition:
            print(f"    {detail}")

    n = Neighbours(args, tmp, url)
    passwords = {"admin": "admin-pw-0123", "dj": "dj-pw-0123", "rj": "rj-pw-0123"}
    n.django("users", {"admin": passwords["admin"], "dj": passwords["dj"]})
    made = n.restjwt("createuser", "--username", "rj", "--email", "rj@EXAMPLE.com",
                     "--password-stdin", stdin=passwords["rj"])
    expect(made.returncode == 0, "restjwt createuser next to Django's users", made.stderr)
    lookalike = n.restjwt("createuser", "--username", "\uff44\uff4a", "--no-password")  # ｄｊ
    expect(lookalike.returncode == 1 and 'user "dj" already exists' in lookalike.stderr,
           "restjwt refuses a fullwidth lookalike of Django's dj", lookalike.stderr)
    first = n.django("check", {})
    hashes = {user: seen["hash"] for user, seen in first["users"].items()}
    expect(all(h.startswith("pbkdf2_sha256$260000$") for h in hashes.values()),
           "both sides hash with Django 3.2's PBKDF2 work factor", hashes)
    n.serve()
    try:
        for round_ in range(2):  # restjwt, Django, restjwt, Django: nothing is rewritten
            for user in ("dj", "rj", "admin"):
                status = n.obtain(user, passwords[user])
                expect(status == 200, f"restjwt logs {user} in (round {round_ + 1})", status)
            checked = n.django("check", passwords)
            expect(all(checked["logins"].values()),
                   f"Django logs every user in (round {round_ + 1})", checked["logins"])
            now = {user: seen["hash"] for user, seen in checked["users"].items()}
            expect(now == hashes, f"no hash was rewritten (round {round_ + 1})",
                   {"before": hashes, "after": now})
        expect(n.obtain("rj", "wrong") == 400, "a wrong password stays wrong")
        # Django 5.2's work factor on the same database (a newer neighbour): restjwt keeps it.
        n.django("rehash", {"dj": [passwords["dj"], 1_000_000]})
        stronger = n.django("check", {})["users"]["dj"]["hash"]
        expect(n.obtain("dj", passwords["dj"]) == 200 and
               n.django("check", {})["users"]["dj"]["hash"] == stronger,
               "restjwt does not lower a hash with more iterations than its own", stronger)
    finally:
        n.stop()
    checked = n.django("check", {})
    expect(checked["admin_status"] == 200 and all(checked["admin_lists"].values()),
           "Django's admin lists every user, restjwt's included", checked["admin_lists"])
    expect(all(code == 200 for code in checked["admin_change"].values()),
           "Django's admin opens every user's change page", checked["admin_change"])
    expect(checked["users"]["rj"]["last_login"] is not None,
           "Django reads the last_login restjwt wrote", checked["users"]["rj"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--restjwt")
    parser.add_argument("--source-dir", default=str(pathlib.Path(__file__).resolve().parents[2]))
    parser.add_argument("--peer", nargs="+")
    args = parser.parse_args()
    if args.peer:
        project, command, *rest = args.peer
        print(json.dumps(peer(project, command, rest[0] if rest else "{}")))
        return 0
    tally = {"passed": 0, "failed": 0}
    with tempfile.TemporaryDirectory(prefix="restjwt-neighbour-") as tmp:
        tmp = pathlib.Path(tmp)
        (tmp / "sqlite").mkdir()
        check_backend(args, "sqlite", tmp / "sqlite", f"sqlite:///{tmp}/sqlite/db.sqlite3",
                      tally)
        cluster = str(pathlib.Path(args.source_dir) / "scripts" / "pg-cluster")
        pg_dir = str(tmp / "pg")
        url = subprocess.run([cluster, "start", pg_dir], check=True, capture_output=True,
                             text=True).stdout.strip()
        try:
            (tmp / "postgresql").mkdir()
            check_backend(args, "postgresql", tmp / "postgresql", url, tally)
        finally:
            subprocess.run([cluster, "stop", pg_dir], check=False)
    print(f"{tally['passed']} passed, {tally['failed']} failed")
    return 1 if tally["failed"] or tally["passed"] < 2 * 18 else 0


if __name__ == "__main__":
    sys.exit(main())
