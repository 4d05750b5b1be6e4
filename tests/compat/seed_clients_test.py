#!/usr/bin/python3
"""The seed's clients, as they are, against a running `restjwt serve` (issue 4 §5).

The Python `requests` script and the JavaScript `authenticateUser` / `makeAuthenticatedRequest`
functions are cut out of ../shared/seed/ at run time; only the base URL and the protected path are
adjusted. Also checks PyJWT interop with the server's tokens both ways.
Run by ctest (label compat) with --restjwt BUILD/restjwt --seed-dir ../shared/seed.
"""
import argparse
import base64
import json
import os
import pathlib
import secrets
import subprocess
import sys
import tempfile
import time
import unittest

import jwt  # Debian's python3-jwt
from restjwt_process import RestjwtServer
import requests  # Debian's python3-requests

ARGS = None
USERNAME, PASSWORD = "testuser", "testpass123"


def seed_text():
    return "".join(p.read_text() for p in sorted(pathlib.Path(ARGS.seed_dir).glob("*.txt")))


def cut(text, start, end):
    """The seed's text from `start` through `end` (the snippets are glued together there)."""
    begin = text.index(start)
    return text[begin:text.index(end, begin) + len(end)]


class SeedClients(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.server = RestjwtServer(ARGS.restjwt, cls.tmp.name, jwt_auth="JWT_ALLOW_REFRESH = true",
                                   users=((USERNAME, PASSWORD),))

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def test_python_client_copy_is_the_seed(self):
        # The seed's text lost its indentation; seed_client.py is the same script re-indented.
        seeded = cut(seed_text(), "import requests", 'print(f"Authentication failed: {response.json()}")')
        ours = (pathlib.Path(__file__).parent / "seed_client.py").read_text()
        strip = lambda text: [line.strip() for line in text.splitlines() if line.strip()]
        self.assertEqual(strip(ours), strip(seeded))

    def run_python_seed(self, password):
        script = (pathlib.Path(__file__).parent / "seed_client.py").read_text()
        script = script.replace("http://localhost:8000", self.server.base)
        script = script.replace("/api/protected-endpoint/", "/api/user/")
        script = script.replace("'testpass123'", repr(password))
        return subprocess.run(["/usr/bin/python3", "-c", script], capture_output=True, text=True, timeout=60)

    def test_python_requests_client_as_seeded(self):
        run = self.run_python_seed(PASSWORD)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("Token obtained: ey", run.stdout)
        self.assertIn("Token is valid", run.stdout)
        self.assertIn("API Response: 200", run.stdout)

    def test_python_client_sees_the_drf_error_body(self):
        run = self.run_python_seed("wrong")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("Authentication failed: {'non_field_errors': ['Unable to log in with provided credentials.']}",
                      run.stdout)

    def test_javascript_fetch_client_as_seeded(self):
        functions = cut(seed_text(), "// JavaScript client-side usage", "headers,\n});\n}")
        harness = f"""
const BASE = {json.dumps(self.server.base)};
const realFetch = globalThis.fetch;
globalThis.fetch = (url, options) => realFetch(new URL(url, BASE), options);  // the base URL
const saved = new Map();
globalThis.localStorage = {{ getItem: (k) => saved.has(k) ? saved.get(k) : null,
                             setItem: (k, v) => saved.set(k, String(v)) }};
function getCsrfToken() {{ return ''; }}  // the token views are CSRF-exempt, as in DRF
{functions}
(async () => {{
  const token = await authenticateUser({{ username: {json.dumps(USERNAME)}, password: {json.dumps(PASSWORD)} }});
  const response = await makeAuthenticatedRequest('/api/user/');
  console.log('token', token.split('.').length, 'status', response.status, await response.text());
  try {{
    await authenticateUser({{ username: {json.dumps(USERNAME)}, password: 'wrong' }});
    console.log('no error');
  }} catch (error) {{
    console.log('rejected', error.message);
  }}
}})();
"""
        run = subprocess.run(["node", "-e", harness], capture_output=True, text=True, timeout=60)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn('token 3 status 200 {"user_id":1,"username":"testuser","email":"testuser@example.com"}', run.stdout)
        self.assertIn('rejected Authentication failed: {"non_field_errors":["Unable to log in with provided credentials."]}',
                      run.stdout)

    def test_server_tokens_verify_in_pyjwt(self):
        response = requests.post(self.server.base + "/api-token-auth/",
                                 json={"username": USERNAME, "password": PASSWORD}, timeout=10)
        self.assertEqual(response.status_code, 200)
        token = response.json()["token"]
        header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
        self.assertEqual(list(header), ["typ", "alg"])
        payload = jwt.decode(token, self.server.secret, algorithms=["HS256"])
        self.assertEqual(list(payload), ["user_id", "username", "exp", "email", "orig_iat"])
        self.assertEqual(payload["username"], USERNAME)

    def test_pyjwt_tokens_authenticate(self):
        now = int(time.time())
        payload = {"user_id": 1, "username": USERNAME, "exp": now + 60, "email": "testuser@example.com",
                   "orig_iat": now}
        token = jwt.encode(payload, self.server.secret, algorithm="HS256")
        user = requests.get(self.server.base + "/api/user/", headers={"Authorization": f"JWT {token}"}, timeout=10)
        self.assertEqual(user.status_code, 200, user.text)
        self.assertEqual(user.json()["username"], USERNAME)
        refreshed = requests.post(self.server.base + "/api-token-refresh/", data={"token": token}, timeout=10)
        self.assertEqual(refreshed.status_code, 200, refreshed.text)
        self.assertEqual(jwt.decode(refreshed.json()["token"], self.server.secret, algorithms=["HS256"])["orig_iat"], now)
        forged = jwt.encode(payload, "another-secret-" * 3, algorithm="HS256")
        refused = requests.get(self.server.base + "/api/user/", headers={"Authorization": f"JWT {forged}"}, timeout=10)
        self.assertEqual((refused.status_code, refused.json()), (401, {"detail": "Error decoding signature."}))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--restjwt", required=True)
    parser.add_argument("--seed-dir", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
