"""restjwt in a real browser: Debian's chromium (headless), driven by puppeteer-core (npm, pinned
in package-lock.json and installed with `npm ci` into the work directory), runs the project's
drf-jwt JavaScript client (tests/clients/js_client.js, unchanged) in pages served here:

  same       http://127.0.0.1:S   the pages, and restjwt's routes through a small proxy (one origin)
  app        http://127.0.0.1:A   a single-page app on another origin, allowed by [cors]
  evil       http://127.0.0.1:E   a third origin of the same site, not allowed
  elsewhere  http://elsewhere.test:X   another site (chromium maps the name to 127.0.0.1)
  api        http://127.0.0.1:R   restjwt serve, JWT_AUTH_COOKIE set, CORS for `app` with
                                  credentials

scenarios.js checks: header mode (localStorage + Authorization) and cookie mode (HttpOnly cookie,
credentials: 'include', X-CSRFToken from the csrftoken cookie), same origin and cross origin;
forged requests from the third origin (a form, a no-cors fetch, a preflighted fetch) fail; login
CSRF (a form posting the attacker's credentials to obtain) sets no cookie.

  browser_test.py --restjwt BIN --source-dir DIR --work-dir DIR
"""
import argparse
import http.client
import http.server
import json
import os
import pathlib
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse

SOURCE = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(SOURCE / "tests" / "compat"))
from restjwt_process import RestjwtServer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
VICTIM = {"username": "alice", "password": "alice-pw-0123"}
ATTACKER = {"username": "mallory", "password": "mallory-pw-0123"}
CSRF_TOKEN = secrets.token_hex(16)  # 32 characters of Django's alphabet
PROXIED = ("/api-token-auth/", "/api-token-verify/", "/api-token-refresh/", "/api/")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "date", "server"}

GET_CSRF_TOKEN = """
function getCsrfToken() {
  const match = document.cookie.match(/(?:^|; )csrftoken=([^;]*)/);
  return match ? match[1] : '';
}"""
# Cookie mode: every call of the client carries the cookies, also to another origin.
WITH_CREDENTIALS = """
const pageFetch = window.fetch.bind(window);
window.fetch = (url, options = {}) => pageFetch(url, {credentials: 'include', ...options});"""


class Site:
    """One origin: the test pages, js_client.js, and (for `same`) restjwt behind a proxy."""

    def __init__(self, name, host, client_js, sets_csrf_cookie):
        self.name, self.client_js, self.sets_csrf_cookie = name, client_js, sets_csrf_cookie
        self.api = None  # the API base the pages talk to; set once restjwt listens
        self.upstream = None  # (host, port) to proxy restjwt's routes to, for `same`
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                site.answer(self)

            def do_POST(self):
                site.answer(self)

            def do_OPTIONS(self):
                site.answer(self)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://{host}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page(self, kind, query):
        head = [f'<script src="{self.origin}/js_client.js"></script>',
                f"<script>{GET_CSRF_TOKEN}</script>"]
        if kind == "cookie.html":
            head.append(f"<script>{WITH_CREDENTIALS}</script>")
        if self.api != self.origin:
            head.append(f'<base href="{self.api}/">')  # the client's relative URLs go to the API
        body = kind
        if kind == "forge-form.html":
            fields = "".join(
                f'<input name="{name}" value="{query[name][0]}">'
                for name in ("username", "password") if name in query)
            body = f'<form id="f" method="POST" action="{query["target"][0]}">{fields}</form>'
        return f'<!doctype html><html><head><meta charset="utf-8">{"".join(head)}</head>' \
               f"<body>{body}</body></html>"

    def answer(self, handler):
        url = urllib.parse.urlsplit(handler.path)
        if self.upstream and url.path.startswith(PROXIED):
            return self.proxy(handler)
        if handler.command == "GET" and url.path == "/js_client.js":
            return self.send(handler, 200, "text/javascript", self.client_js)
        kind = url.path.lstrip("/")
        if handler.command == "GET" and kind in ("header.html", "cookie.html", "forge-form.html"):
            return self.send(handler, 200, "text/html; charset=utf-8",
                             self.page(kind, urllib.parse.parse_qs(url.query)))
        return self.send(handler, 404, "text/plain", "not found")

    def send(self, handler, status, content_type, text):
        body = text.encode()
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        if self.sets_csrf_cookie and content_type.startswith("text/html"):
            # What Django's get_token() would have set on the page.
            handler.send_header("Set-Cookie", f"csrftoken={CSRF_TOKEN}; Path=/; SameSite=Lax")
        handler.end_headers()
        handler.wfile.write(body)

    def proxy(self, handler):
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else None
        upstream = http.client.HTTPConnection(*self.upstream, timeout=10)
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in HOP_BY_HOP}
        if body is not None:
            headers["Content-Length"] = str(len(body))
        upstream.request(handler.command, handler.path, body=body, headers=headers)
        response = upstream.getresponse()
        data = response.read()
        handler.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP:
                handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
        upstream.close()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def install_puppeteer(work):
    """`npm ci` of tests/browser/package-lock.json into `work`; its node_modules folder."""
    work.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(SOURCE / "tests" / "browser" / name, work / name)
    env = dict(os.environ, PUPPETEER_SKIP_DOWNLOAD="1")
    done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=work,
                          env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        sys.exit(f"npm ci failed in {work}:\n{done.stdout}{done.stderr}")
    return work / "node_modules"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--restjwt", required=True)
    parser.add_argument("--source-dir", default=str(SOURCE))
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()
    if not os.access(CHROMIUM, os.X_OK):
        sys.exit(f"{CHROMIUM} is missing: `scripts/bootstrap test` installs Debian's chromium")
    node_modules = install_puppeteer(pathlib.Path(args.work_dir))
    client_js = (pathlib.Path(args.source_dir) / "tests" / "clients" / "js_client.js").read_text()

    sites = {"same": Site("same", "127.0.0.1", client_js, True),
             "app": Site("app", "127.0.0.1", client_js, True),
             "evil": Site("evil", "127.0.0.1", client_js, False),
             "elsewhere": Site("elsewhere", "elsewhere.test", client_js, False)}
    tmp = tempfile.mkdtemp(prefix="restjwt-browser-")
    server = None
    try:
        server = RestjwtServer(
            args.restjwt, tmp,
            jwt_auth='JWT_AUTH_COOKIE = "jwt"\n',
            extra_toml=f'[cors]\nallowed_origins = ["{sites["app"].origin}"]\n'
                       "allow_credentials = true\n",
            users=((VICTIM["username"], VICTIM["password"]),
                   (ATTACKER["username"], ATTACKER["password"])))
        for site in sites.values():
            site.api = server.base
        sites["same"].api = sites["same"].origin
        sites["same"].upstream = ("127.0.0.1", server.port)
        config = {"chromium": CHROMIUM, "api": server.base, "victim": VICTIM,
                  "attacker": ATTACKER,
                  "sites": {name: site.origin for name, site in sites.items()},
                  "hostRules": "MAP elsewhere.test 127.0.0.1"}
        run = subprocess.run(
            ["node", str(SOURCE / "tests" / "browser" / "scenarios.js"), json.dumps(config)],
            env=dict(os.environ, NODE_PATH=str(node_modules)), capture_output=True, text=True,
            timeout=120)
        try:
            outcome = json.loads(run.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            sys.exit(f"scenarios.js printed no result (exit {run.returncode}):\n"
                     f"{run.stdout}\n{run.stderr}")
    finally:
        if server:
            server.stop()
        for site in sites.values():
            site.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    passed = failed = 0
    for result in outcome["results"]:
        mark = "ok" if result["ok"] else "FAIL"
        print(f"{mark}: {result['name']}")
        if not result["ok"]:
            print(f"    {json.dumps(result['detail'])}")
        passed, failed = passed + result["ok"], failed + (not result["ok"])
    if "fatal" in outcome:
        print(f"FAIL: scenarios.js stopped: {outcome['fatal']}")
        failed += 1
    if passed < 17:
        print(f"FAIL: only {passed} checks ran")
        failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
